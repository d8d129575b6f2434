// The delivery worker: claims due deliveries from the outbox under a lease, runs several at once,
// and polls for retries. After a crash, leases run out and another start (or node) resumes them.
import type { AppContext } from '../app/context.js';
import type { Delivery } from '../domain/delivery/delivery.js';

export interface WorkerOptions {
  /** Deliveries in flight at once (the HTTP client also caps each endpoint separately). */
  concurrency: number;
  /** How often to look for due retries when nothing wakes the worker. */
  pollMs: number;
  /** Name of this worker in lease rows. */
  owner: string;
  /** Runs one attempt of a delivery; must not throw for delivery problems. */
  deliver(d: Delivery): Promise<unknown>;
  /** Extra time a lease lasts beyond the request timeout. */
  leaseMarginMs?: number;
}

export class DeliveryWorker {
  private inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private pumping = false;
  private again = false;

  constructor(private readonly ctx: AppContext, private readonly opts: WorkerOptions) {}

  start() {
    this.running = true;
    this.wake();
  }

  /** Looks for work now (a post just queued deliveries). */
  wake() {
    if (!this.running) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    void this.pump();
  }

  private schedule() {
    if (this.timer) clearTimeout(this.timer);
    if (this.running) this.timer = setTimeout(() => this.wake(), this.opts.pollMs);
  }

  private leaseMs() {
    return this.ctx.config.get().ServiceSettings.OutgoingIntegrationRequestsTimeout * 1000 + (this.opts.leaseMarginMs ?? 60_000);
  }

  private async pump() {
    this.pumping = true;
    try {
      do {
        this.again = false;
        const room = this.opts.concurrency - this.inFlight.size;
        if (room <= 0) break;
        const claimed = await this.ctx.store.deliveries.claimDue(this.ctx.clock.now(), room, this.opts.owner, this.leaseMs());
        for (const d of claimed) this.track(d);
        if (claimed.length === room) this.again = true;
      } while (this.again && this.running);
    } catch (e) {
      this.ctx.logger.error('delivery worker could not claim work', { error: String((e as Error).message) });
    } finally {
      this.pumping = false;
      this.schedule();
    }
  }

  private track(d: Delivery) {
    const run = this.opts
      .deliver(d)
      .then(() => undefined)
      .catch((e) => this.ctx.logger.error('delivery failed unexpectedly', { delivery_id: d.id, error: String((e as Error).message) }))
      .finally(() => {
        this.inFlight.delete(run);
        this.wake();
      });
    this.inFlight.add(run);
  }

  /** Stops claiming and waits for deliveries in flight. Unfinished ones stay in the outbox. */
  async stop() {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
