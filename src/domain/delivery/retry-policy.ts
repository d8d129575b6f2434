// The delivery policy of spec §11.1 / issue 4: what an attempt's result means, and when to try again.
// Pure: the clock and the random source are parameters.

import type { HttpErrorReason, HttpResult } from '../net/http-client.js';

export type AttemptOutcome =
  | { readonly kind: 'success' }
  /** retryAfterMs: the receiver's Retry-After, as a delay from now, when it sent a usable one. */
  | { readonly kind: 'retry'; readonly retryAfterMs?: number }
  | { readonly kind: 'final-failure' }
  /** 410: the hook is to be disabled (spec D-c). */
  | { readonly kind: 'gone' };

export const DEFAULT_RETRY_SCHEDULE_SECONDS: readonly number[] = [5, 30, 120, 600, 1800, 3600];

/** Each scheduled delay is spread by ±20% so deliveries failed together do not retry in lockstep. */
export const RETRY_JITTER = 0.2;

/** A receiver's Retry-After is honoured up to a day; beyond that it is more likely a bug than a wish. */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

// Transport failures that another attempt cannot fix: the URL or the admin's allow-list must change
// first, and the redeliver endpoint exists for that.
const FINAL_REASONS: ReadonlySet<HttpErrorReason> = new Set(['invalid_url', 'forbidden_address', 'too_many_redirects']);

/** Parses Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when unusable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^[0-9]+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // HTTP-dates start with the weekday name; requiring it keeps Date.parse's looser formats (ISO, bare numbers) out.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

/** Classifies one attempt (spec §3.8, §11.1). `now` is only used for an HTTP-date Retry-After. */
export function classifyAttempt(result: HttpResult, now: number): AttemptOutcome {
  if (result.kind === 'error') {
    return FINAL_REASONS.has(result.reason) ? { kind: 'final-failure' } : { kind: 'retry' };
  }
  const { status } = result;
  if (status >= 200 && status < 300) return { kind: 'success' };
  if (status === 410) return { kind: 'gone' };
  if (status === 429 || status === 503) {
    // 503 is the other status RFC 9110 pairs with Retry-After; honouring it there costs nothing.
    const retryAfterMs = parseRetryAfter(result.headers['retry-after'], now);
    return retryAfterMs === undefined ? { kind: 'retry' } : { kind: 'retry', retryAfterMs };
  }
  if (status >= 500 && status < 600) return { kind: 'retry' };
  return { kind: 'final-failure' }; // 1xx leftovers, 3xx (redirects are not followed), other 4xx
}

export interface NextAttemptInput {
  /** Attempts already made, counting the one that just failed (1 after the first attempt). */
  readonly attempt: number;
  /** Delays between attempts, seconds (WebhookSettings.RetryScheduleSeconds); [] = a single attempt. */
  readonly schedule: readonly number[];
  readonly now: number;
  /** Uniform in [0, 1), like Math.random. */
  readonly random: () => number;
  readonly retryAfterMs?: number;
}

/** When to try again (ms since epoch), or null when the schedule is exhausted. */
export function nextAttemptAt(input: NextAttemptInput): number | null {
  const { attempt, schedule, now, random, retryAfterMs } = input;
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > schedule.length) return null;
  const baseMs = Math.max(0, schedule[attempt - 1]) * 1000;
  const factor = 1 + RETRY_JITTER * (2 * random() - 1);
  let delayMs = Math.round(baseMs * factor);
  // Retry-After moves the attempt later, never earlier, and grants no extra attempts.
  if (retryAfterMs !== undefined) delayMs = Math.max(delayMs, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
  return now + delayMs;
}
