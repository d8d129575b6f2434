// The worker's leases: a delivery that takes longer than one lease is not claimed twice (the lease
// is renewed while it is in flight), and leases left by a killed SQLite run are released at start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryWorker } from '../src/delivery/worker.js';
import { systemClock } from '../src/app/ports/clock.js';
import type { Delivery } from '../src/domain/delivery/delivery.js';
import { startHarness } from './support/delivery-harness.js';
import { eventually } from './support/receiver.js';

test('a slow delivery keeps its lease; a new SQLite run takes over a dead run\'s leases at once', async (t) => {
  const h = await startHarness();
  t.after(() => h.close());
  const ctx = { ...h.ctx, clock: systemClock };
  const d = await h.queue();
  await ctx.store.deliveries.update({ ...d, next_attempt_at: 0 });

  // A run that dies with the delivery leased: its claim outlives it.
  assert.equal((await ctx.store.deliveries.claimDue(Date.now(), 10, 'dead-run', 3_600_000)).length, 1);

  const calls: string[] = [];
  let finish!: () => void;
  const slow = new Promise<void>((r) => (finish = r));
  const deliver = async (x: Delivery) => {
    calls.push(x.id);
    await slow;
    await ctx.store.deliveries.update({ ...x, state: 'succeeded', attempt_count: 1 });
  };
  const worker = new DeliveryWorker(ctx, { concurrency: 4, pollMs: 20, owner: 'new-run', deliver, leaseMs: 300, releaseLeasesOnStart: true });
  t.after(() => worker.stop());
  await worker.start();
  await eventually(async () => calls.length === 1);
  // Many lease lengths and polls pass while the delivery is in flight; nobody claims it again.
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await ctx.store.deliveries.claimDue(Date.now(), 10, 'other-node', 300), []);
  }
  finish();
  await eventually(async () => (await ctx.store.deliveries.get(d.id))?.state === 'succeeded');
  assert.deepEqual(calls, [d.id]);
});

test('a paused worker (outgoing webhooks switched off) claims nothing', async (t) => {
  const h = await startHarness();
  t.after(() => h.close());
  const ctx = { ...h.ctx, clock: systemClock };
  const d = await h.queue();
  await ctx.store.deliveries.update({ ...d, next_attempt_at: 0 });
  const delivered: string[] = [];
  const worker = new DeliveryWorker(ctx, {
    concurrency: 4, pollMs: 20, owner: 'paused-run', leaseMs: 60_000, paused: () => true,
    deliver: async (x) => void delivered.push(x.id),
  });
  await worker.start();
  worker.wake();
  await worker.stop(); // waits for the claim round that start and wake began
  assert.deepEqual(delivered, []);
  // Still due and unleased: another worker can claim it at once.
  assert.deepEqual((await ctx.store.deliveries.claimDue(Date.now(), 10, 'other', 60_000)).map((x) => x.id), [d.id]);
});
