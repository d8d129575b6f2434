// The circuits of every destination this process delivers to, kept in memory (the policy itself is
// src/domain/delivery/circuit-breaker.ts). Per process: each node of a cluster judges a destination
// from its own requests, which is enough to stop it spending its own capacity on a dead one.
// Closed circuits with no failures are forgotten, so the table stays as small as the set of
// destinations that are failing now.
import type { HttpResult } from '../domain/net/http-client.js';
import {
  CLOSED, admission, afterResult, atTime, probeEnded, probeStarted, signalOf,
  type Admission, type BreakerSettings, type Circuit,
} from '../domain/delivery/circuit-breaker.js';

export class DestinationCircuits {
  private readonly circuits = new Map<string, Circuit>();

  /** `settings` is read at every use, so configuration changes apply at once. */
  constructor(private readonly settings: () => BreakerSettings) {}

  private get(destination: string, now: number): Circuit {
    const c = this.circuits.get(destination);
    return c ? atTime(c, now) : CLOSED;
  }

  private set(destination: string, c: Circuit) {
    if (c.state === 'closed' && c.failures === 0) this.circuits.delete(destination);
    else this.circuits.set(destination, c);
  }

  /** What the destination may be sent now. With the breaker off every destination gets its share. */
  admission(destination: string, now: number): Admission {
    if (this.settings().failures === 0) return { kind: 'share' };
    return admission(this.get(destination, now));
  }

  /**
   * Records the result of a request that started at `startedAt`; returns the circuit before and after,
   * so the caller can tell when it opened or closed.
   */
  record(destination: string, result: HttpResult, startedAt: number, now: number): { before: Circuit; after: Circuit } {
    const before = this.get(destination, now);
    const after = afterResult(before, signalOf(result), startedAt, now, this.settings());
    this.set(destination, after);
    return { before, after };
  }

  probeStarted(destination: string, now: number) {
    this.set(destination, probeStarted(this.get(destination, now)));
  }

  probeEnded(destination: string, now: number) {
    this.set(destination, probeEnded(this.get(destination, now)));
  }

  /** Destinations whose circuit is open at `now`, with the end of their cool-down. */
  open(now: number): Array<{ destination: string; until: number }> {
    const out: Array<{ destination: string; until: number }> = [];
    if (this.settings().failures === 0) return out;
    for (const [destination, c] of this.circuits) {
      const current = atTime(c, now);
      if (current.state === 'open') out.push({ destination, until: current.until });
    }
    return out;
  }

  /** Destinations that are not closed (open, or half-open waiting for a probe's verdict). */
  notClosed(now: number): string[] {
    if (this.settings().failures === 0) return [];
    return [...this.circuits].filter(([, c]) => atTime(c, now).state !== 'closed').map(([destination]) => destination);
  }
}
