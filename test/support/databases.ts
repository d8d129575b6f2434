// The databases every contract and end-to-end suite runs against: SQLite always, PostgreSQL
// whenever it is reachable (SWITCHBOARD_TEST_PG_URL, or 127.0.0.1:5432 database "test").
// Each suite gets a database of its own, so suites can run side by side.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  driver: 'sqlite' | 'postgres';
  dataSource: string;
  drop(): Promise<void>;
}

export const PG_ADMIN_URL = process.env.SWITCHBOARD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | null = null;
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return reachable;
}

export function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  return { driver: 'sqlite', dataSource: join(dir, 'switchboard.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function postgresDatabase(): Promise<TestDatabase> {
  const name = `switchboard_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    driver: 'postgres',
    dataSource: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      // A closed pool has sent its goodbyes but its backends may still be exiting; forcing the drop
      // then would terminate them, and the closed clients report that as an uncaught error.
      for (let i = 0; i < 100; i++) {
        const { rows } = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** The databases to run a suite on, announcing clearly when PostgreSQL is skipped. */
export async function testDatabaseKinds(): Promise<Array<'sqlite' | 'postgres'>> {
  if (await postgresReachable()) return ['sqlite', 'postgres'];
  if (process.env.CI) throw new Error(`PostgreSQL is required in CI but ${PG_ADMIN_URL} is not reachable`);
  console.log(`# PostgreSQL not reachable at ${PG_ADMIN_URL}: PostgreSQL runs skipped`);
  return ['sqlite'];
}

export const createTestDatabase = (kind: 'sqlite' | 'postgres') =>
  kind === 'sqlite' ? Promise.resolve(sqliteDatabase()) : postgresDatabase();
