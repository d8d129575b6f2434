// The circuit breaker of one destination (issue "Deliveries under pressure", item 1): a destination
// that keeps timing out or refusing connections is backed off as a whole. After `failures`
// consecutive unreachable results its circuit opens: its due deliveries are deferred, without an
// attempt, until a cool-down has passed. Then it is half-open: a single probe is sent, and its result
// decides. An answer closes the circuit; another unreachable result opens it again for twice the
// cool-down (up to MAX_COOLDOWN_FACTOR times the configured one).
//
// Only reachability counts. Any HTTP answer, 4xx and 5xx included, shows the destination is there:
// the retry policy deals with those per delivery. Results that say nothing about the destination
// (an SSRF refusal, an invalid URL, TLS, a shutdown) leave the circuit as it is.
// Pure: time is a parameter.
import type { HttpResult } from '../net/http-client.js';

export interface BreakerSettings {
  /** Consecutive unreachable results that open a circuit; 0 turns the breaker off. */
  readonly failures: number;
  /** How long an opened circuit defers its destination's deliveries before a probe. */
  readonly cooldownMs: number;
}

/** A failed probe doubles the cool-down, up to this many times the configured one. */
export const MAX_COOLDOWN_FACTOR = 16;

/**
 * `since` is when the circuit last changed state: an unreachable result of a request that started
 * before then is stale (it was sent before the circuit opened, or before the probe that closed it)
 * and is not counted.
 */
export type Circuit =
  | { readonly state: 'closed'; readonly failures: number; readonly since: number }
  | { readonly state: 'open'; readonly until: number; readonly cooldownMs: number; readonly since: number }
  | { readonly state: 'half-open'; readonly probing: boolean; readonly cooldownMs: number; readonly since: number };

export const CLOSED: Circuit = { state: 'closed', failures: 0, since: Number.NEGATIVE_INFINITY };

export type Signal = 'answered' | 'unreachable' | 'neutral';

/** What a request's result says about its destination. */
export function signalOf(result: HttpResult): Signal {
  if (result.kind === 'response') return 'answered';
  return result.reason === 'timeout' || result.reason === 'connect' || result.reason === 'dns' ? 'unreachable' : 'neutral';
}

/** An open circuit whose cool-down is over becomes half-open, ready for its probe. */
export function atTime(c: Circuit, now: number): Circuit {
  return c.state === 'open' && now >= c.until ? { state: 'half-open', probing: false, cooldownMs: c.cooldownMs, since: now } : c;
}

/**
 * What the destination may be sent at `now` (after atTime): its full share, a single probe, or
 * nothing (`until` is when an open circuit turns half-open; a probing one has no such time).
 */
export type Admission = { readonly kind: 'share' } | { readonly kind: 'probe' } | { readonly kind: 'none'; readonly until: number | null };

export function admission(c: Circuit): Admission {
  if (c.state === 'closed') return { kind: 'share' };
  if (c.state === 'open') return { kind: 'none', until: c.until };
  return c.probing ? { kind: 'none', until: null } : { kind: 'probe' };
}

/** The probe has been handed out. */
export function probeStarted(c: Circuit): Circuit {
  return c.state === 'half-open' ? { ...c, probing: true } : c;
}

/** The probe ended without a verdict (it was cancelled or sent nothing): another may go. */
export function probeEnded(c: Circuit): Circuit {
  return c.state === 'half-open' && c.probing ? { ...c, probing: false } : c;
}

/** The circuit after a request to its destination, started at `startedAt`, ended with `signal` at `now`. */
export function afterResult(c: Circuit, signal: Signal, startedAt: number, now: number, settings: BreakerSettings): Circuit {
  if (signal === 'neutral') return c;
  if (signal === 'answered') return c.state === 'closed' ? { ...c, failures: 0 } : { state: 'closed', failures: 0, since: now };
  if (startedAt < c.since) return c;
  switch (c.state) {
    case 'open':
      return c;
    case 'half-open': {
      const cooldownMs = Math.min(c.cooldownMs * 2, settings.cooldownMs * MAX_COOLDOWN_FACTOR);
      return { state: 'open', until: now + cooldownMs, cooldownMs, since: now };
    }
    case 'closed': {
      const failures = c.failures + 1;
      if (settings.failures > 0 && failures >= settings.failures) {
        return { state: 'open', until: now + settings.cooldownMs, cooldownMs: settings.cooldownMs, since: now };
      }
      return { ...c, failures };
    }
  }
}
