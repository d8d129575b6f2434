// The delivery outbox and its attempt log in SQL. Claiming leases rows so that a crashed worker's
// deliveries are picked up again once the lease runs out; on PostgreSQL several nodes can claim
// side by side because locked rows are skipped.
import { sql, type SqlBool } from 'kysely';
import { FINISHED_STATES, UNFINISHED_STATES, type Delivery, type DeliveryAttempt, type DeliveryState } from '../../domain/delivery/delivery.js';
import type { DeliveriesStore, DestinationRooms } from '../store.js';
import type { Page } from '../../domain/paging.js';
import type { DeliveriesTable, DeliveryAttemptsTable } from '../tables.js';
import type { Dialect } from '../database.js';
import type { Executor } from './executor.js';
import { fromFlag, parseJson, toFlag } from './json-columns.js';

const UNFINISHED = [...UNFINISHED_STATES];
/**
 * The same condition written with literals, as the partial indexes of migration 005 are: a database
 * can only use a partial index for a query whose condition it can see implies the index's own.
 */
const IS_UNFINISHED = sql<SqlBool>`state in (${sql.join(UNFINISHED.map((s) => sql.lit(s)))})`;
/** Due deliveries read per round of a claim; more rounds only when destinations without room fill a page. */
const CLAIM_PAGE = 128;

const oldestFirst = (a: Delivery, b: Delivery) =>
  a.next_attempt_at - b.next_attempt_at || a.create_at - b.create_at || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const FINISHED = [...FINISHED_STATES];
/** What the failure streak looks at: deliveries that reached their receiver, or tried to. */
const ATTEMPTED: DeliveryState[] = ['succeeded', 'failed'];

// Rows per INSERT: 21 columns each stays far below SQLite's 32766 and PostgreSQL's 65535 bind
// variables, however wide one post's fan-out is.
const INSERT_BATCH = 500;

function toDelivery(row: DeliveriesTable): Delivery {
  const { lease_owner: _o, lease_until: _u, ...rest } = row;
  return { ...rest, is_test: fromFlag(row.is_test), reply_post_ids: parseJson(row.reply_post_ids, []), payload: parseJson(row.payload, null) };
}

const toRow = (d: Delivery): Omit<DeliveriesTable, 'lease_owner' | 'lease_until'> => ({
  ...d,
  is_test: toFlag(d.is_test),
  reply_post_ids: JSON.stringify(d.reply_post_ids),
  payload: d.payload ? JSON.stringify(d.payload) : '',
});

const toAttempt = (row: DeliveryAttemptsTable): DeliveryAttempt => ({
  ...row,
  request_headers: parseJson(row.request_headers, {}),
  response_headers: parseJson(row.response_headers, {}),
  response_truncated: fromFlag(row.response_truncated),
});

export class SqlDeliveries implements DeliveriesStore {
  constructor(private readonly db: Executor, private readonly dialect: Dialect) {}

  async insert(deliveries: Delivery[]) {
    for (let i = 0; i < deliveries.length; i += INSERT_BATCH) {
      const rows = deliveries.slice(i, i + INSERT_BATCH).map((d) => ({ ...toRow(d), lease_owner: '', lease_until: 0 }));
      await this.db.insertInto('deliveries').values(rows).execute();
    }
  }

  async claimDue(now: number, limit: number, owner: string, leaseMs: number, rooms?: DestinationRooms) {
    const ids = await this.pickDue(now, limit, rooms ?? { perDestination: limit, rooms: new Map() });
    if (ids.length === 0) return [];
    // PostgreSQL: rows another node is claiming right now are skipped, and one it has just claimed is
    // re-checked against its new lease and left alone.
    let claimable = this.db.selectFrom('deliveries').select('id').where('id', 'in', ids).where(IS_UNFINISHED).where('lease_until', '<', now);
    if (this.dialect === 'postgres') claimable = claimable.forUpdate().skipLocked();
    const rows = await this.db
      .updateTable('deliveries')
      .set({ lease_owner: owner, lease_until: now + leaseMs, deferred_until: 0 })
      .where('id', 'in', claimable)
      .returningAll()
      .execute();
    return rows.map(toDelivery).sort(oldestFirst);
  }

  /**
   * The ids to claim: due deliveries oldest first, each destination's up to its room. Read in pages
   * of the claim index (unfinished deliveries only, by due time), leaving out destinations that have
   * no room left, so a backlog waiting for a busy destination is skipped in the index, never loaded.
   */
  private async pickDue(now: number, limit: number, { perDestination, rooms }: DestinationRooms): Promise<string[]> {
    const left = new Map(rooms);
    const picked: string[] = [];
    let after: Pick<DeliveriesTable, 'next_attempt_at' | 'create_at' | 'seq' | 'id'> | null = null;
    while (picked.length < limit) {
      const full = [...left].filter(([, n]) => n <= 0).map(([destination]) => destination);
      let q = this.db
        .selectFrom('deliveries')
        .select(['id', 'destination', 'next_attempt_at', 'create_at', 'seq'])
        .where(IS_UNFINISHED)
        .where('next_attempt_at', '<=', now)
        .where('lease_until', '<', now);
      if (full.length > 0) q = q.where('destination', 'not in', full);
      if (after) q = q.where(sql<SqlBool>`(next_attempt_at, create_at, seq, id) > (${after.next_attempt_at}, ${after.create_at}, ${after.seq}, ${after.id})`);
      const page = await q.orderBy('next_attempt_at').orderBy('create_at').orderBy('seq').orderBy('id').limit(CLAIM_PAGE).execute();
      for (const row of page) {
        const room = left.get(row.destination) ?? perDestination;
        if (room <= 0) continue;
        picked.push(row.id);
        left.set(row.destination, room - 1);
        if (picked.length === limit) break;
      }
      if (page.length < CLAIM_PAGE) break;
      after = page[page.length - 1];
    }
    return picked;
  }

  async deferDue(destination: string, until: number, now: number) {
    const result = await this.db
      .updateTable('deliveries')
      .set({ next_attempt_at: until, deferred_until: until })
      .where('destination', '=', destination)
      .where(IS_UNFINISHED)
      .where('next_attempt_at', '<', until)
      .where('lease_until', '<', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async update(d: Delivery) {
    const { id, ...rest } = toRow(d);
    await this.db.updateTable('deliveries').set({ ...rest, lease_owner: '', lease_until: 0 }).where('id', '=', id).execute();
  }

  async recordOutcome(d: Delivery, fromAttemptCount: number) {
    const { id, ...rest } = toRow(d);
    const result = await this.db
      .updateTable('deliveries')
      .set({ ...rest, lease_owner: '', lease_until: 0 })
      .where('id', '=', id)
      .where('attempt_count', '=', fromAttemptCount)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async renewLeases(ids: string[], owner: string, until: number) {
    let renewed = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const result = await this.db
        .updateTable('deliveries')
        .set({ lease_until: until })
        .where('id', 'in', ids.slice(i, i + 500))
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      renewed += Number(result.numUpdatedRows);
    }
    return renewed;
  }

  async releaseAllLeases() {
    const result = await this.db.updateTable('deliveries').set({ lease_owner: '', lease_until: 0 }).where('lease_until', '>', 0).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async get(id: string) {
    const row = await this.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDelivery(row) : null;
  }

  async listForHook(hookId: string, state: DeliveryState | undefined, page: Page) {
    let q = this.db.selectFrom('deliveries').selectAll().where('hook_id', '=', hookId);
    if (state) q = q.where('state', '=', state);
    const rows = await q.orderBy('create_at', 'desc').orderBy('seq', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
    return rows.map(toDelivery);
  }

  async insertAttempt(a: DeliveryAttempt) {
    await this.db
      .insertInto('delivery_attempts')
      .values({
        ...a,
        request_headers: JSON.stringify(a.request_headers),
        response_headers: JSON.stringify(a.response_headers),
        response_truncated: toFlag(a.response_truncated),
      })
      .execute();
  }

  async attempts(deliveryId: string) {
    const rows = await this.db.selectFrom('delivery_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('attempt').execute();
    return rows.map(toAttempt);
  }

  async recentFinished(hookId: string, limit: number) {
    const rows = await this.db
      .selectFrom('deliveries')
      .selectAll()
      .where('hook_id', '=', hookId)
      .where('state', 'in', ATTEMPTED)
      .where('is_test', '=', 0)
      .orderBy('update_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }

  async prune(before: number, maxPerHook: number) {
    const old = await this.db.selectFrom('deliveries').select('id').where('state', 'in', FINISHED).where('create_at', '<', before).execute();
    const ids = old.map((r) => r.id);
    const crowded = await this.db
      .selectFrom('deliveries')
      .select((eb) => ['hook_id', eb.fn.countAll<number>().as('n')])
      .groupBy('hook_id')
      .having((eb) => eb.fn.countAll(), '>', maxPerHook)
      .execute();
    for (const { hook_id } of crowded) {
      const excess = await this.db
        .selectFrom('deliveries')
        .select('id')
        .where('hook_id', '=', hook_id)
        .where('state', 'in', FINISHED)
        .orderBy('create_at', 'desc')
        .orderBy('seq', 'desc')
        .offset(maxPerHook)
        .limit(100_000)
        .execute();
      ids.push(...excess.map((r) => r.id));
    }
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await this.db.deleteFrom('delivery_attempts').where('delivery_id', 'in', chunk).execute();
      await this.db.deleteFrom('deliveries').where('id', 'in', chunk).execute();
    }
    return new Set(ids).size;
  }

  async queueStats(now: number) {
    const row = await this.db
      .selectFrom('deliveries')
      .select((eb) => [
        eb.fn.countAll<number>().as('depth'),
        eb.fn.min(sql<number>`case when next_attempt_at <= ${now} then next_attempt_at end`).as('oldest'),
        eb.fn.sum(sql<number>`case when deferred_until > ${now} then 1 else 0 end`).as('deferred'),
      ])
      .where('state', 'in', UNFINISHED)
      .executeTakeFirstOrThrow();
    return { depth: Number(row.depth), oldestDueAt: row.oldest === null ? null : Number(row.oldest), deferred: Number(row.deferred ?? 0) };
  }
}
