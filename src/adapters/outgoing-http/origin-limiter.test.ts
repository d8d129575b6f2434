// Tests the per-origin concurrency cap: the limit, FIFO hand-over, independence of origins, aborts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOriginLimiter } from './origin-limiter.js';

const tick = () => new Promise((r) => setImmediate(r));

test('at most `limit` per origin; waiters are served first come, first served', async () => {
  const limiter = createOriginLimiter(2);
  const order: number[] = [];
  const releases = await Promise.all([limiter.acquire('a'), limiter.acquire('a')]);
  const waiting = [3, 4, 5].map((n) => limiter.acquire('a').then((release) => (order.push(n), release)));
  await tick();
  assert.deepEqual(limiter.load('a'), { active: 2, waiting: 3 });
  assert.deepEqual(order, []);
  releases[0]();
  releases[0](); // releasing twice must not free a second slot
  await tick();
  assert.deepEqual(order, [3]);
  releases[1]();
  await tick();
  assert.deepEqual(order, [3, 4]);
  for (const r of await Promise.all(waiting.slice(0, 2))) r();
  await tick();
  assert.deepEqual(order, [3, 4, 5]);
  (await waiting[2])();
  assert.deepEqual(limiter.load('a'), { active: 0, waiting: 0 });
});

test('a busy origin does not hold up another origin', async () => {
  const limiter = createOriginLimiter(1);
  await limiter.acquire('http://slow');
  const pending = limiter.acquire('http://slow');
  const other = await limiter.acquire('http://fast');
  assert.equal(typeof other, 'function');
  assert.deepEqual(limiter.load('http://slow'), { active: 1, waiting: 1 });
  void pending;
});

test('an aborted waiter leaves the queue and the slot goes to the next one', async () => {
  const limiter = createOriginLimiter(1);
  const first = await limiter.acquire('o');
  const controller = new AbortController();
  const aborted = limiter.acquire('o', controller.signal);
  const next = limiter.acquire('o');
  controller.abort(new Error('shutdown'));
  await assert.rejects(aborted, /shutdown/);
  first();
  (await next)();
  assert.deepEqual(limiter.load('o'), { active: 0, waiting: 0 });
  await assert.rejects(limiter.acquire('o', AbortSignal.abort(new Error('already'))), /already/);
});

test('the limit must be a positive integer', () => {
  for (const bad of [0, -1, 1.5, NaN]) assert.throws(() => createOriginLimiter(bad), RangeError);
});
