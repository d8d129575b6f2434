// A per-origin concurrency cap inside the HTTP client: one slow receiver may hold at most `limit`
// requests in flight, and further requests to it wait in arrival order, so other origins keep moving.
// It is a guard only: the delivery worker claims a delivery only when its destination has room, so
// worker deliveries do not wait here; what may is anything sent beside the worker (test sends).

export type Release = () => void;

export interface OriginLimiter {
  /** Resolves with a release function once a slot for the origin is free; rejects if the signal aborts first. */
  acquire(origin: string, signal?: AbortSignal): Promise<Release>;
  /** In flight and waiting, for metrics and tests. */
  load(origin: string): { active: number; waiting: number };
}

interface Slot {
  active: number;
  readonly queue: Array<() => void>;
}

export function createOriginLimiter(limit: number): OriginLimiter {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('the per-origin limit is a positive integer');
  const slots = new Map<string, Slot>();

  const releaser = (origin: string, slot: Slot): Release => {
    let released = false;
    return () => {
      if (released) return; // a double release must not free someone else's slot
      released = true;
      const next = slot.queue.shift();
      if (next) {
        next(); // the slot passes straight to the next waiter, so `active` stays the same
        return;
      }
      slot.active--;
      if (slot.active === 0) slots.delete(origin); // keep the map as small as the set of busy origins
    };
  };

  return {
    acquire(origin, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      let slot = slots.get(origin);
      if (!slot) {
        slot = { active: 0, queue: [] };
        slots.set(origin, slot);
      }
      const s = slot;
      if (s.active < limit) {
        s.active++;
        return Promise.resolve(releaser(origin, s));
      }
      return new Promise<Release>((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(releaser(origin, s));
        };
        const onAbort = () => {
          const i = s.queue.indexOf(grant);
          if (i !== -1) s.queue.splice(i, 1);
          reject(signal?.reason);
        };
        s.queue.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    load(origin) {
      const slot = slots.get(origin);
      return { active: slot?.active ?? 0, waiting: slot?.queue.length ?? 0 };
    },
  };
}
