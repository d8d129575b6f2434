// A test database brought only up to an older migration, as an older Switchboard left it, so a
// test can write the rows that server had and then check what the newer migrations make of them.
import assert from 'node:assert/strict';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { migrationProvider } from '../../src/store/migrations/index.js';
import type { TestDatabase } from './databases.js';

/** Opens `database` without migrating it, then applies the migrations up to and including `name`. */
export async function openAtMigration(database: TestDatabase, name: string): Promise<Kysely<any>> {
  const db = new Kysely<any>({
    dialect: database.driver === 'sqlite'
      ? new SqliteDialect({ database: new SQLite(database.dataSource) })
      : new PostgresDialect({ pool: new pg.Pool({ connectionString: database.dataSource }) }),
  });
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });
  const { error } = await migrator.migrateTo(name);
  assert.equal(error, undefined);
  return db;
}
