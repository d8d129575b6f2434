// Runs the store contract on SQLite and, when reachable, PostgreSQL.
import { storeContract } from '../src/store/contract/store.case.js';
import { openDatabase } from '../src/store/database.js';
import { createSqlStore } from '../src/store/sql/sql-store.js';
import { createTestDatabase, testDatabaseKinds } from './support/databases.js';

for (const kind of await testDatabaseKinds()) {
  storeContract(kind, async () => {
    const database = await createTestDatabase(kind);
    const store = createSqlStore(await openDatabase(database.driver, database.dataSource));
    return { ...store, close: async () => { await store.close(); await database.drop(); } };
  });
}
