// The delivery worker: claims due deliveries from the outbox under a lease, runs several at once,
// and polls for retries. Leases are short and renewed while a delivery is in flight, so a killed
// node's work is picked up again within one lease; a single-process SQLite server releases every
// lease when it starts.
//
// Capacity is shared out by destination (the origin of the callback URL): a delivery is claimed only
// when its destination has room, so deliveries for a slow or dead receiver wait in the outbox, not in
// a worker slot, and never hold capacity that other destinations need. A destination whose circuit
// is open gets no room at all; its due deliveries are deferred in the outbox until the cool-down ends,
// then a single probe is claimed (see destination-circuits.ts).
import type { AppContext } from '../app/context.js';
import type { Delivery } from '../domain/delivery/delivery.js';
import type { DestinationCircuits } from './destination-circuits.js';

export interface WorkerOptions {
  /** Deliveries in flight at once. */
  concurrency: number;
  /** Deliveries in flight at once to one destination (default: no limit beyond `concurrency`). */
  perDestination?: number;
  /** The circuit breaker of each destination; without it no destination is ever backed off. */
  circuits?: DestinationCircuits;
  /** Told how many deliveries were deferred because their destination's circuit is open. */
  deferred?(count: number): void;
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
  /** Deliveries in flight per destination. */
  private busy = new Map<string, number>();
  /** When each open circuit's deliveries were last deferred, and to when. */
  private swept = new Map<string, { until: number; at: number }>();
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
        const now = this.ctx.clock.now();
        await this.deferOpenCircuits(now);
        const claimed = await this.ctx.store.deliveries.claimDue(now, room, this.opts.owner, this.opts.leaseMs, this.rooms(now));
        for (const d of claimed) this.track(d, now);
        if (claimed.length === room) this.again = true;
      } while (this.again && this.running);
    } catch (e) {
      this.ctx.logger.error('delivery worker could not claim work', { error: String((e as Error).message) });
    } finally {
      this.pumping = false;
      this.schedule();
    }
  }

  private get perDestination() {
    return this.opts.perDestination ?? this.opts.concurrency;
  }

  /** Room of every destination that has less than a full share: busy ones, and those not closed. */
  private rooms(now: number) {
    const rooms = new Map<string, number>();
    const circuits = this.opts.circuits;
    const names = new Set([...this.busy.keys(), ...(circuits?.notClosed(now) ?? [])]);
    for (const destination of names) {
      const free = this.perDestination - (this.busy.get(destination) ?? 0);
      const admission = circuits?.admission(destination, now) ?? { kind: 'share' };
      rooms.set(destination, admission.kind === 'share' ? free : admission.kind === 'probe' ? Math.min(1, free) : 0);
    }
    return { perDestination: this.perDestination, rooms };
  }

  /**
   * Moves the due deliveries of destinations with an open circuit to the end of their cool-down:
   * at once when a circuit opens, then again every poll interval for deliveries queued since.
   */
  private async deferOpenCircuits(now: number) {
    const open = this.opts.circuits?.open(now) ?? [];
    const still = new Set(open.map((o) => o.destination));
    for (const destination of this.swept.keys()) if (!still.has(destination)) this.swept.delete(destination);
    for (const { destination, until } of open) {
      const last = this.swept.get(destination);
      if (last && last.until === until && now - last.at < this.opts.pollMs) continue;
      const count = await this.ctx.store.deliveries.deferDue(destination, until, now);
      this.swept.set(destination, { until, at: now });
      if (count > 0) {
        this.opts.deferred?.(count);
        this.ctx.logger.info('deliveries deferred until their destination is tried again', { destination, count, until: new Date(until).toISOString() });
      }
    }
  }

  private track(d: Delivery, now: number) {
    const destination = d.destination;
    const probe = this.opts.circuits?.admission(destination, now).kind === 'probe';
    if (probe) this.opts.circuits!.probeStarted(destination, now);
    this.busy.set(destination, (this.busy.get(destination) ?? 0) + 1);
    this.inFlightIds.add(d.id);
    const run = this.opts
      .deliver(d)
      .then(() => undefined)
      .catch((e) => this.ctx.logger.error('delivery failed unexpectedly', { delivery_id: d.id, error: String((e as Error).message) }))
      .finally(() => {
        // A probe that sent nothing (cancelled, put back) gave no verdict: the next delivery probes.
        if (probe) this.opts.circuits!.probeEnded(destination, this.ctx.clock.now());
        const left = (this.busy.get(destination) ?? 1) - 1;
        if (left > 0) this.busy.set(destination, left);
        else this.busy.delete(destination);
        this.inFlight.delete(run);
        this.inFlightIds.delete(d.id);
        this.wake();
      });
    this.inFlight.add(run);
  }

  /** Resolves once nothing is being claimed or delivered (tests drive the worker with a fake clock). */
  async idle() {
    for (;;) {
      await this.pumped;
      if (this.inFlight.size === 0 && !this.pumping) return;
      await Promise.allSettled([...this.inFlight]);
    }
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
