// Runs the store contract on SQLite and, when reachable, PostgreSQL; and checks that SQLite's
// "busy" (another process holding the write lock) comes out as the store's StoreConflict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { storeContract } from '../src/store/contract/store.case.js';
import { user } from '../src/store/contract/records.js';
import { openDatabase } from '../src/store/database.js';
import { StoreConflict } from '../src/store/errors.js';
import { createSqlStore } from '../src/store/sql/sql-store.js';
import { createTestDatabase, sqliteDatabase, testDatabaseKinds } from './support/databases.js';

for (const kind of await testDatabaseKinds()) {
  storeContract({
    label: kind,
    concurrentTransactions: kind === 'postgres',
    open: async () => {
      const database = await createTestDatabase(kind);
      const store = createSqlStore(await openDatabase(database.driver, database.dataSource));
      return { ...store, close: async () => { await store.close(); await database.drop(); } };
    },
  });
}

test('sqlite: a write while another process holds the write lock is a StoreConflict', async (t) => {
  const database = sqliteDatabase();
  const opened = await openDatabase(database.driver, database.dataSource);
  // No waiting for the other writer: the conflict shows at once instead of after busy_timeout.
  await sql`pragma busy_timeout = 0`.execute(opened.db);
  const store = createSqlStore(opened);
  const other = new SQLite(database.dataSource);
  t.after(async () => {
    other.close();
    await store.close();
    await database.drop();
  });
  other.exec('begin immediate');
  await assert.rejects(store.users.insert(user('blocked')), (e) => e instanceof StoreConflict);
  other.exec('rollback');
  await store.users.insert(user('blocked'));
  assert.equal((await store.users.getByUsername('blocked'))?.username, 'blocked');
});
