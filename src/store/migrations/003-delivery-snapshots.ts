// Every delivery keeps the payload it sends, taken when it is queued, so that retries and redeliveries
// send the post as it was when it triggered. Test deliveries already kept theirs in `test_payload`;
// the column now serves both. Rows queued before this migration have "" there and are built from the
// post when sent, as they always were.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deliveries').renameColumn('test_payload', 'payload').execute();
}
