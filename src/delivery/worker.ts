// The delivery worker: claims due deliveries from the outbox under a lease, runs several at once,
// and polls for retries. Leases are short and renewed while a delivery is in flight (it may wait in
// the per-origin queue for several request timeouts), so a killed node's work is picked up again
// within one lease; a single-process SQLite server releases every lease when it starts.
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
  /** How long a claim lasts without renewal; renewed every third of it while in flight. */
  leaseMs: number;
  /** Only for a database no other process can share (SQLite): leases left by a killed run are void. */
  releaseLeasesOnStart?: boolean;
  /**
   * While true nothing is claimed (outgoing webhooks switched off): queued deliveries wait in the
   * outbox, untouched, and resume when it turns false. Asked at every claim, so it applies at once.
   */
  paused?: () => boolean;
}

export class DeliveryWorker {
  private inFlight = new Set<Promise<void>>();
  private inFlightIds = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private running = false;
  private pumping = false;
  private pumped: Promise<void> = Promise.resolve();
  private again = false;

  constructor(private readonly ctx: AppContext, private readonly opts: WorkerOptions) {}

  async start() {
    if (this.opts.releaseLeasesOnStart) {
      const released = await this.ctx.store.deliveries.releaseAllLeases();
      if (released > 0) this.ctx.logger.info('resuming deliveries left unfinished by the previous run', { count: released });
    }
    this.running = true;
    this.renewTimer = setInterval(() => void this.renew(), Math.max(1, Math.floor(this.opts.leaseMs / 3)));
    this.renewTimer.unref();
    this.wake();
  }

  private async renew() {
    if (this.inFlightIds.size === 0) return;
    try {
      await this.ctx.store.deliveries.renewLeases([...this.inFlightIds], this.opts.owner, this.ctx.clock.now() + this.opts.leaseMs);
    } catch (e) {
      this.ctx.logger.error('delivery worker could not renew its leases', { error: String((e as Error).message) });
    }
  }

  /** Looks for work now (a post just queued deliveries). */
  wake() {
    if (!this.running) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    this.pumped = this.pump();
  }

  private schedule() {
    if (this.timer) clearTimeout(this.timer);
    if (this.running) this.timer = setTimeout(() => this.wake(), this.opts.pollMs);
  }

  private async pump() {
    try {
      do {
        this.again = false;
        const room = this.opts.concurrency - this.inFlight.size;
        if (room <= 0 || this.opts.paused?.()) break;
        const claimed = await this.ctx.store.deliveries.claimDue(this.ctx.clock.now(), room, this.opts.owner, this.opts.leaseMs);
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
    this.inFlightIds.add(d.id);
    const run = this.opts
      .deliver(d)
      .then(() => undefined)
      .catch((e) => this.ctx.logger.error('delivery failed unexpectedly', { delivery_id: d.id, error: String((e as Error).message) }))
      .finally(() => {
        this.inFlight.delete(run);
        this.inFlightIds.delete(d.id);
        this.wake();
      });
    this.inFlight.add(run);
  }

  /** Stops claiming and waits for deliveries in flight. Unfinished ones stay in the outbox. */
  async stop() {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    // A claim still running would start deliveries on a store that is about to close.
    await this.pumped;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    if (this.renewTimer) clearInterval(this.renewTimer);
  }
}
