// A lost PostgreSQL connection is a transient fault, not the end of the server. PostgreSQL
// restarts, failovers, idle_session_timeout and pooler recycles all look the same from here: the
// server's backends are terminated. These suites do exactly that with pg_terminate_backend, on
// backends of the suite's own database only, against a real server process (and, for the log
// retention timer, the real store), and check that the process stays up, that a request caught
// in a transaction rolls back with a clean 500, that the next requests work, and that every
// queued delivery still reaches its receiver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pkg from '@mattermost/client';
import { createTestDatabase, postgresReachable, type TestDatabase } from './support/databases.js';
import { eventually, startReceiver } from './support/receiver.js';
import { freePort, startServerProcess, type ServerProcess } from './support/server-process.js';
import { call, type RawResponse } from './support/wire.js';
import { ConfigService } from '../src/config/config-service.js';
import { openDatabase } from '../src/store/database.js';
import { createSqlStore } from '../src/store/sql/sql-store.js';
import { newId } from '../src/adapters/ids.js';
import { systemClock } from '../src/app/ports/clock.js';
import type { Logger } from '../src/app/ports/logger.js';
import type { AppContext } from '../src/app/context.js';
import { startLogRetention } from '../src/delivery/log-retention.js';

const { Client4 } = pkg as unknown as { Client4: new () => any };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A connection of the test's own into the suite's database: it terminates the server's backends
 * (never itself) and holds table locks so that a chosen statement of the server is in flight.
 */
async function outageTool(database: TestDatabase) {
  const name = new URL(database.dataSource).pathname.slice(1);
  const admin = new pg.Client({ connectionString: database.dataSource });
  await admin.connect();
  const others = `datname = $1 and pid <> pg_backend_pid()`;
  // Inside a transaction (while a lock is held) pg_stat_activity would answer from one snapshot.
  const activity = async (where: string, params: unknown[]) => {
    await admin.query('select pg_stat_clear_snapshot()');
    return (await admin.query(`select pid from pg_stat_activity where ${others} and ${where}`, [name, ...params])).rowCount ?? 0;
  };
  let terminated: number[] = [];
  return {
    /** Terminates every other backend of the database; resolves with how many there were. */
    async terminate(): Promise<number> {
      const { rows } = await admin.query(`select pid, pg_terminate_backend(pid) from pg_stat_activity where ${others}`, [name]);
      terminated = rows.map((r) => r.pid);
      return rows.length;
    },
    /** Resolves once the backends terminated last are gone. */
    async gone() {
      await eventually(async () => (await activity(`pid = any($2)`, [terminated])) === 0);
    },
    async lock(table: string, mode = 'exclusive') {
      await admin.query('begin');
      await admin.query(`lock table ${table} in ${mode} mode`);
    },
    unlock: () => admin.query('rollback'),
    /** Resolves once a statement of the server matching `pattern` (ILIKE) waits for a lock. */
    async blocked(pattern: string) {
      await eventually(async () => (await activity(`wait_event_type = 'Lock' and query ilike $2`, [pattern])) > 0, 30_000);
    },
    close: () => admin.end(),
  };
}

/** A 500 in AppError shape, with nothing internal in it. */
function assertCleanInternalError(res: RawResponse, what: string) {
  const label = `${what} → ${res.status} ${res.text.slice(0, 300)}`;
  assert.equal(res.status, 500, label);
  assert.equal(res.headers.get('content-type'), 'application/json', label);
  assert.equal(res.json?.id, 'app.internal.app_error', label);
  assert.equal(res.json?.status_code, 500, label);
  assert.match(res.json?.request_id ?? '', /^[a-z0-9]{26}$/, label);
  assert.doesNotMatch(res.text, /\bat\s+\S+\s+\(|node:internal|\.js:\d+|terminat|postgres|pg_/i, `internals leaked: ${label}`);
}

if (await postgresReachable()) {
  test('postgres: terminated connections, idle and busy, neither stop the server nor lose a delivery', { timeout: 240_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-outage-'));
    const database = await createTestDatabase('postgres');
    const receiver = await startReceiver((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
    const port = await freePort();
    let server: ServerProcess | null = null;
    const tool = await outageTool(database);
    t.after(async () => {
      await tool.unlock().catch(() => {});
      await tool.close();
      if (server && server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      await receiver.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });
    server = await startServerProcess({
      configPath: join(dir, 'config.json'), port, config: {},
      env: {
        MM_SQLSETTINGS_DRIVERNAME: 'postgres',
        MM_SQLSETTINGS_DATASOURCE: database.dataSource,
        MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`,
        MM_SERVICESETTINGS_ENABLEOUTGOINGWEBHOOKS: 'true',
        MM_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS: '127.0.0.1',
      },
    });
    const proc = server;
    const alive = (when: string) =>
      assert.ok(proc.child.exitCode === null && proc.child.signalCode === null, `the server process exited ${when}:\n${proc.output().slice(-4000)}`);

    const client = new Client4();
    client.setUrl(proc.url);
    await client.createUser({ username: 'outage', email: 'outage@example.com', password: 'password1' });
    await client.login('outage', 'password1');
    const token: string = client.getToken();
    const team = await client.createTeam({ name: 'outage', display_name: 'Outage', type: 'O' });
    const town = await client.getChannelByName(team.id, 'town-square');
    await client.createOutgoingWebhook({ team_id: team.id, trigger_words: ['go'], callback_urls: [`${receiver.url}/hook`], content_type: 'application/json' });
    const api = (method: string, path: string, body?: unknown) => call(proc.url, method, `/api/v4${path}`, { token, body });
    const post = (message: string) => api('POST', '/posts', { channel_id: town.id, message });
    /** After an outage a request caught by it may fail cleanly; the one after it must succeed. */
    async function worksAgain(what: string) {
      await tool.gone();
      alive(what);
      const first = await api('GET', '/users/me');
      if (first.status !== 200) assertCleanInternalError(first, `first request ${what}`);
      const next = await api('GET', '/users/me');
      assert.equal(next.status, 200, `${what}: ${next.text}`);
      const ready = await call(proc.url, 'GET', '/api/v4/system/ping?get_server_status=true');
      assert.equal(ready.json?.database_status, 'OK', `readiness ${what}: ${ready.status} ${ready.text}`);
    }

    await t.test('idle: terminating the pool’s connections again and again', async () => {
      for (let round = 0; round < 5; round++) {
        assert.equal((await api('GET', '/users/me')).status, 200); // leaves a connection idle in the pool
        assert.ok((await tool.terminate()) > 0, 'the server had no connection to terminate');
        await worksAgain(`after idle round ${round}`);
      }
      // The first post after the outages is delivered.
      const res = await post('go after idle outages');
      assert.equal(res.status, 201, res.text);
      await eventually(async () => receiver.requests.some((r) => r.json?.post_id === res.json.id), 30_000);
    });

    await t.test('a transaction whose connection dies rolls back with a clean 500, and the next request works', async () => {
      // The post is inserted, then the channel's counters wait for the lock: the transaction is open.
      await tool.lock('channels');
      const pending = post('go never stored');
      await tool.blocked('update "channels"%');
      assert.ok((await tool.terminate()) > 0);
      const res = await pending;
      await tool.unlock();
      assertCleanInternalError(res, 'POST /posts whose transaction lost its connection');
      await worksAgain('after the transaction was cut');
      const posts = await api('GET', `/channels/${town.id}/posts?per_page=200`);
      assert.equal(posts.status, 200);
      assert.ok(!Object.values(posts.json.posts).some((p: any) => p.message === 'go never stored'), 'the rolled-back post was stored');
      const next = await post('go after the cut');
      assert.equal(next.status, 201, next.text);
      await eventually(async () => receiver.requests.some((r) => r.json?.post_id === next.json.id), 30_000);
    });

    await t.test('the delivery worker survives losing its connection in the middle of a claim', async () => {
      // The claim starts by reading due deliveries, which only an ACCESS EXCLUSIVE lock holds up; the
      // worker polls, so its next claim waits here whether or not anything is queued.
      await tool.lock('deliveries', 'access exclusive');
      await tool.blocked('select "id", "destination"%from "deliveries"%');
      assert.ok((await tool.terminate()) > 0);
      await tool.unlock();
      await worksAgain('after a claim was cut');
      await eventually(async () => proc.output().includes('delivery worker could not claim work'));
      const res = await post('go after the claim was cut');
      assert.equal(res.status, 201, res.text);
      await eventually(async () => receiver.requests.some((r) => r.json?.post_id === res.json.id), 30_000);
    });

    await t.test('busy: terminating connections while posts are made and delivered', async () => {
      let stop = false;
      let outages = 0;
      const killer = (async () => {
        while (!stop) {
          if ((await tool.terminate()) > 0) outages++;
          await sleep(200);
        }
      })();
      const answers: RawResponse[] = [];
      await Promise.all([0, 1, 2, 3].map(async (w) => {
        for (let i = 0; i < 15; i++) answers.push(await post(`go busy ${w}-${i}`));
      }));
      stop = true;
      await killer;
      alive('while busy');
      for (const res of answers) if (res.status !== 201) assertCleanInternalError(res, 'POST /posts during outages');
      await worksAgain('after the busy outages');

      // Nothing is lost: every trigger post that was stored, whatever its request answered, is delivered.
      const stored = await api('GET', `/channels/${town.id}/posts?per_page=200`);
      assert.equal(stored.status, 200);
      const triggers = Object.values(stored.json.posts).filter((p: any) => p.message.startsWith('go ')).map((p: any) => p.id as string);
      for (const res of answers) if (res.status === 201) assert.ok(triggers.includes(res.json.id));
      const missing = () => triggers.filter((id) => !receiver.requests.some((r) => r.json?.post_id === id));
      await eventually(async () => missing().length === 0, 120_000).catch(() => assert.fail(`never delivered: ${missing().join(', ')}`));
      alive('at the end');
      const failed = answers.filter((r) => r.status !== 201).length;
      t.diagnostic(`${outages} outages while busy; ${answers.length - failed} posts answered 201, ${failed} failed cleanly; ${triggers.length} trigger posts, all delivered`);
    });
  });

  test('postgres: the log retention timer survives a prune cut by a lost connection', { timeout: 60_000 }, async (t) => {
    const database = await createTestDatabase('postgres');
    const store = createSqlStore(await openDatabase('postgres', database.dataSource));
    const tool = await outageTool(database);
    const lines: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
    const record = (msg: string, fields?: Record<string, unknown>) => void lines.push({ msg, fields });
    const logger: Logger = { info: record, warn: record, error: record };
    let stopRetention = () => {};
    t.after(async () => {
      stopRetention();
      await tool.unlock().catch(() => {});
      await tool.close();
      await store.close();
      await database.drop();
    });
    const ctx = { store, config: ConfigService.fromObject({}), clock: systemClock, newId, logger } as unknown as AppContext;
    // Two deliveries that finished long ago: the first prune that gets through removes them.
    const old = (id: string) => ({
      id, hook_id: newId(), post_id: newId(), callback_url: 'http://example.com/hook', destination: 'http://example.com', trigger_word: 'go', is_test: false,
      payload: null, deferred_until: 0, seq: 0, state: 'succeeded' as const, attempt_count: 1, create_at: 1000, update_at: 1000,
      next_attempt_at: 0, last_status_code: 200, last_error: '', reply_post_ids: [], reply_error: '',
    });
    await store.deliveries.insert([old(newId()), old(newId())]);

    await tool.lock('delivery_attempts');
    stopRetention = startLogRetention(ctx, 50);
    await tool.blocked('delete from "delivery_attempts"%');
    assert.ok((await tool.terminate()) > 0);
    await eventually(async () => lines.some((l) => l.msg === 'delivery log pruning failed'));
    await tool.unlock();
    const pruned = await eventually(async () => lines.find((l) => l.msg === 'delivery log pruned'));
    assert.equal(pruned.fields?.removed, 2);
  });
}
