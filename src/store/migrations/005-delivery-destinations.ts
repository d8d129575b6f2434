// Each delivery names its destination (the origin of its callback URL), so that the worker can share
// its capacity out fairly between destinations and back off one that does not answer; and it can be
// deferred while that destination's circuit is open. Rows queued before this migration get their
// destination from their callback URL here, so nothing already in the outbox is left out.
import { sql, type Kysely, type SqlBool } from 'kysely';
import { destinationOf } from '../../domain/delivery/destination.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deliveries').addColumn('destination', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('deliveries').addColumn('deferred_until', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  const urls = await db.selectFrom('deliveries').select('callback_url').distinct().execute();
  for (const { callback_url } of urls) {
    await db.updateTable('deliveries').set({ destination: destinationOf(callback_url) }).where('callback_url', '=', callback_url).execute();
  }
  // Partial indexes over unfinished deliveries only (finished ones, most of the table, are left out).
  // The claim reads due deliveries by due time and skips destinations without room in the index
  // alone; deferring a destination's deliveries reads them by destination.
  const unfinished = sql<SqlBool>`state in ('pending', 'retrying')`;
  await db.schema.createIndex('idx_deliveries_claim').on('deliveries')
    .columns(['next_attempt_at', 'create_at', 'seq', 'id', 'destination', 'lease_until']).where(unfinished).execute();
  await db.schema.createIndex('idx_deliveries_destination').on('deliveries')
    .columns(['destination', 'next_attempt_at']).where(unfinished).execute();
}
