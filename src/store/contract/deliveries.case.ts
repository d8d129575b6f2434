// Store contract for the delivery outbox: claiming under leases, renewal, the start-up release,
// fenced outcomes, listing, pruning and queue statistics. Run by store.case.ts on every database.
import assert from 'node:assert/strict';
import type { Store } from '../store.js';
import type { ContractCase } from './contract-case.js';
import { newId } from '../../adapters/ids.js';
import type { Delivery } from '../../domain/delivery/delivery.js';

const delivery = (hookId: string, createAt: number, extra: Partial<Delivery> = {}): Delivery => ({
  id: newId(), hook_id: hookId, post_id: newId(), callback_url: 'http://example.com/hook', destination: 'http://example.com',
  trigger_word: 'go', is_test: false, payload: null, seq: 0, state: 'pending', attempt_count: 0, create_at: createAt,
  update_at: createAt, next_attempt_at: createAt, deferred_until: 0, last_status_code: 0, last_error: '', reply_post_ids: [], reply_error: '', ...extra,
});

export async function deliveriesContract(store: Store) {
  const hookId = newId();
  const due = [delivery(hookId, 100), delivery(hookId, 200), delivery(hookId, 300, { next_attempt_at: 10_000 })];
  await store.deliveries.insert(due);

  // Claims are leased: a second claim before the lease ends gets nothing.
  const claimed = await store.deliveries.claimDue(1000, 10, 'node-a', 500);
  assert.deepEqual(claimed.map((d) => d.id), [due[0].id, due[1].id]);
  assert.deepEqual(await store.deliveries.claimDue(1400, 10, 'node-b', 500), []);

  // Renewal only touches the owner's leases and keeps them from expiring.
  assert.equal(await store.deliveries.renewLeases([due[0].id, due[1].id], 'node-b', 99_999), 0);
  assert.equal(await store.deliveries.renewLeases([due[0].id], 'node-a', 3000), 1);
  assert.deepEqual((await store.deliveries.claimDue(2000, 10, 'node-b', 500)).map((d) => d.id), [due[1].id]);

  // The start-up release frees every lease at once.
  assert.equal(await store.deliveries.releaseAllLeases(), 2);
  assert.deepEqual((await store.deliveries.claimDue(2000, 10, 'node-c', 500)).map((d) => d.id), [due[0].id, due[1].id]);

  // Fenced outcome: only the first writer of attempt 1 wins.
  const first = { ...due[0], state: 'succeeded' as const, attempt_count: 1, reply_post_ids: ['p1'] };
  assert.equal(await store.deliveries.recordOutcome(first, 0), true);
  assert.equal(await store.deliveries.recordOutcome({ ...first, reply_post_ids: ['p2'] }, 0), false);
  assert.deepEqual((await store.deliveries.get(due[0].id))?.reply_post_ids, ['p1']);
  await store.deliveries.recordOutcome({ ...due[1], state: 'failed', attempt_count: 1, update_at: 2100 }, 0);

  assert.deepEqual(await store.deliveries.queueStats(20_000), { depth: 1, oldestDueAt: 10_000, deferred: 0 });
  assert.deepEqual(await store.deliveries.queueStats(5000), { depth: 1, oldestDueAt: null, deferred: 0 });
  assert.deepEqual((await store.deliveries.listForHook(hookId, undefined, { offset: 0, limit: 10 })).map((d) => d.id), [due[2].id, due[1].id, due[0].id]);
  assert.deepEqual((await store.deliveries.listForHook(hookId, 'failed', { offset: 0, limit: 10 })).map((d) => d.id), [due[1].id]);

  // Pruning keeps unfinished deliveries, removes finished ones by age, then beyond the per-hook count.
  const attempt = { id: newId(), delivery_id: due[0].id, attempt: 1, create_at: 1000, duration_ms: 3, request_headers: { a: 'b' }, request_body: 'x', response_status: 200, response_headers: {}, response_body: '', response_truncated: false, error: '', outcome: 'success' as const };
  await store.deliveries.insertAttempt(attempt);
  assert.equal((await store.deliveries.attempts(due[0].id)).length, 1);
  assert.equal(await store.deliveries.prune(150, 1000), 1);
  assert.equal(await store.deliveries.get(due[0].id), null);
  assert.deepEqual(await store.deliveries.attempts(due[0].id), []);
  const more = [400, 500, 600].map((at) => delivery(hookId, at, { state: 'succeeded' }));
  await store.deliveries.insert(more);
  // The newest two finished deliveries stay; the unfinished one is never pruned.
  assert.equal(await store.deliveries.prune(0, 2), 2);
  assert.deepEqual((await store.deliveries.listForHook(hookId, undefined, { offset: 0, limit: 10 })).map((d) => d.id), [more[2].id, more[1].id, due[2].id]);

  // The payload snapshot round-trips; rows queued before snapshots existed read as null.
  const snapshot = {
    team_id: newId(), team_domain: 'team', channel_id: newId(), channel_name: 'town-square', timestamp: 1_700_000_000_123,
    user_id: newId(), user_name: 'ann', post_id: newId(), text: 'déploie "v2" \\ <now> 🚀', trigger_word: 'go', file_ids: 'a,b',
  };
  const snapped = delivery(newId(), 700, { payload: snapshot });
  const bare = delivery(snapped.hook_id, 701);
  await store.deliveries.insert([snapped, bare]);
  assert.deepEqual((await store.deliveries.get(snapped.id))?.payload, snapshot);
  assert.equal((await store.deliveries.get(bare.id))?.payload, null);

  // A cancelled delivery is finished: never claimed, not queued, listed and filtered by its state,
  // pruned like the others, and not part of the failure streak.
  const otherHook = newId();
  const cancelled = delivery(otherHook, 800, { state: 'cancelled', last_error: 'the post was deleted', update_at: 810 });
  const failed = delivery(otherHook, 790, { state: 'failed', attempt_count: 1, update_at: 800 });
  await store.deliveries.insert([cancelled, failed]);
  const stats = await store.deliveries.queueStats(900);
  assert.ok(!(await store.deliveries.claimDue(900, 100, 'node-d', 500)).some((d) => d.id === cancelled.id));
  await store.deliveries.releaseAllLeases();
  assert.deepEqual((await store.deliveries.listForHook(otherHook, 'cancelled', { offset: 0, limit: 10 })).map((d) => d.id), [cancelled.id]);
  assert.deepEqual((await store.deliveries.recentFinished(otherHook, 10)).map((d) => d.id), [failed.id]);
  assert.equal(await store.deliveries.prune(850, 1000) >= 2, true);
  assert.equal(await store.deliveries.get(cancelled.id), null);
  assert.deepEqual(await store.deliveries.queueStats(900), stats);

  // One insert may carry more rows than one SQL statement can bind (SQLite allows 32766 variables,
  // PostgreSQL 65535): a post with a wide fan-out must still be saved.
  const bulkHook = newId();
  const bulk = Array.from({ length: 4000 }, (_, i) => delivery(bulkHook, 900, { seq: i, state: 'succeeded' }));
  await store.deliveries.insert(bulk);
  const stored = await store.deliveries.listForHook(bulkHook, undefined, { offset: 0, limit: 5000 });
  assert.equal(stored.length, 4000);
  assert.deepEqual(stored.map((d) => d.seq).sort((a, b) => a - b), bulk.map((d) => d.seq));
}

/**
 * Claims share capacity out by destination, and a destination's due deliveries can be deferred.
 * Runs after deliveriesContract; the rows it left (all to http://example.com) are kept out of every
 * claim here by giving that destination no room.
 */
export async function destinationRoomsContract(store: Store) {
  const hookId = newId();
  const at = 50_000;
  const [A, B, C] = ['http://a.test', 'http://b.test:8080', 'https://c.test'];
  const to = (destination: string, offset: number, extra: Partial<Delivery> = {}) =>
    delivery(hookId, at + offset, { callback_url: `${destination}/hook`, destination, ...extra });
  const a = [0, 1, 2, 3, 4].map((i) => to(A, i));
  const b = [5, 6, 7].map((i) => to(B, i));
  const c = to(C, 8);
  await store.deliveries.insert([...b, c, ...a]);
  const leftovers: [string, number][] = [['http://example.com', 0]];
  const rooms = (perDestination: number, ...named: [string, number][]) => ({ perDestination, rooms: new Map([...leftovers, ...named]) });
  const ids = (ds: Delivery[]) => ds.map((d) => d.id);
  const LONG = 1_000_000;

  // At most two per destination, oldest first across destinations.
  assert.deepEqual(ids(await store.deliveries.claimDue(at + 100, 10, 'n1', LONG, rooms(2))), ids([a[0], a[1], b[0], b[1], c]));
  // A destination named with less room gets that much; one with none gets nothing.
  assert.deepEqual(ids(await store.deliveries.claimDue(at + 100, 10, 'n1', LONG, rooms(2, [A, 1], [B, 0]))), ids([a[2]]));
  // The limit still applies, oldest first.
  assert.deepEqual(ids(await store.deliveries.claimDue(at + 100, 1, 'n1', LONG, rooms(8))), ids([a[3]]));

  // Deferring A moves its unleased due deliveries (only a[4] now) to the end of the cool-down,
  // touching nothing else; leased and finished ones stay as they are.
  const until = at + 5000;
  const done = to(A, 9, { state: 'succeeded', attempt_count: 1 });
  const later = to(A, 10, { next_attempt_at: until + 1, state: 'retrying', attempt_count: 2, last_error: 'timeout' });
  await store.deliveries.insert([done, later]);
  assert.equal(await store.deliveries.deferDue(A, until, at + 200), 1);
  const deferred = await store.deliveries.get(a[4].id);
  assert.deepEqual(deferred, { ...a[4], next_attempt_at: until, deferred_until: until });
  assert.deepEqual(await store.deliveries.get(a[3].id), { ...a[3] });
  assert.deepEqual(await store.deliveries.get(done.id), done);
  assert.deepEqual(await store.deliveries.get(later.id), later);
  assert.equal(await store.deliveries.deferDue(A, until, at + 200), 0);
  assert.equal((await store.deliveries.queueStats(at + 300)).deferred, 1);

  // Not claimed before the cool-down ends; claimed after it, which clears deferred_until.
  assert.deepEqual(ids(await store.deliveries.claimDue(at + 4000, 10, 'n2', LONG, rooms(8))), ids([b[2]]));
  const [resumed] = await store.deliveries.claimDue(until, 10, 'n2', LONG, rooms(8));
  assert.deepEqual([resumed.id, resumed.deferred_until, resumed.attempt_count], [a[4].id, 0, 0]);
  assert.equal((await store.deliveries.queueStats(until)).deferred, 0);

  // Finish everything here so later cases see only their own rows.
  for (const d of [...a, ...b, c, later]) await store.deliveries.recordOutcome({ ...d, state: 'succeeded', attempt_count: d.attempt_count + 1 }, d.attempt_count);
}

export const deliveriesCases: ContractCase[] = [
  { name: 'deliveries: leases, renewal, release at start, fenced outcomes, pruning, queue stats', run: deliveriesContract },
  { name: 'deliveries: claims share capacity out by destination; a destination can be deferred', run: destinationRoomsContract },
];
