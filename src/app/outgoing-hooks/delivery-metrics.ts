// The metrics port of the delivery engine: what deliver.ts reports about each attempt. The
// composition root plugs in the Prometheus adapter; the app never sees prom-client.
import type { AttemptOutcomeName } from '../../domain/delivery/delivery.js';

export interface DeliveryMetrics {
  /** One attempt ended with `outcome` after `durationMs` on the wire. */
  attemptFinished(outcome: AttemptOutcomeName, durationMs: number): void;
  /** A delivery was cancelled without a request (its post, channel, hook or URL went away). */
  deliveryCancelled(): void;
  /** `count` deliveries were deferred, without an attempt, because their destination's circuit is open. */
  deliveriesDeferred(count: number): void;
}
