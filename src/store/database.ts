// Opens the database named by SqlSettings (SQLite by default, PostgreSQL for scale-out) as a
// Kysely instance and brings its schema up to date.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Database } from './tables.js';
import { migrationProvider } from './migrations/index.js';

export type Dialect = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The migrations this start applied (empty when the schema was already up to date). */
  migrated: string[];
  close(): Promise<void>;
}

/** Told about database trouble that no request sees (a pooled connection lost while idle). */
export type ConnectionTrouble = (msg: string, fields: Record<string, unknown>) => void;

export async function openDatabase(driver: Dialect, dataSource: string, trouble: ConnectionTrouble = () => {}): Promise<OpenedDatabase> {
  const db = driver === 'sqlite' ? openSqlite(dataSource) : openPostgres(dataSource, trouble);
  const migrated = await migrate(db);
  return { db, dialect: driver, migrated, close: () => db.destroy() };
}

function openSqlite(path: string): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

function openPostgres(url: string, trouble: ConnectionTrouble): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Notices a peer that vanished without closing the connection (a failover, a dropped route).
    keepAlive: true,
    // Millisecond timestamps are bigint columns; they fit a JS number exactly.
    types: {
      getTypeParser: (oid: number, format?: any) =>
        oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
    } as any,
  });
  // A lost connection is a transient fault, never the end of the process. PostgreSQL restarts,
  // failovers, idle_session_timeout and pooler recycles all end connections from the server side;
  // node-postgres reports that as an 'error' event, and an 'error' event nobody listens to kills
  // the process. So every connection gets a listener for its whole life: while it is checked out
  // (the query in flight fails, the transaction is lost and rolls back with it, and the pool drops
  // the connection when it is released) and while it is idle (the pool drops it and re-emits the
  // error). The next query opens a fresh connection.
  //
  // Anyone adding a long-lived connection outside this pool (LISTEN/NOTIFY, a replication or lock
  // session) must do the same: listen for 'error' and 'end' on the client, log, and reconnect with
  // a growing delay, re-issuing LISTEN; and treat every notification lost meanwhile as possible
  // (catch up from the tables after reconnecting).
  pool.on('connect', (client) => {
    let reported = false; // the server's goodbye and the closed socket are two errors of one loss
    client.on('error', (e) => {
      if (!reported) trouble('database connection lost', { error: e.message });
      reported = true;
    });
  });
  pool.on('error', () => {
    // Already reported by the connection's own listener above.
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function migrate(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error)?.message ?? 'unknown error'}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
