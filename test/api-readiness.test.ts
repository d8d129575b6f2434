// Readiness: GET /api/v4/system/ping?get_server_status=true asks the database and says so in
// database_status; while the database cannot answer, the probe still gets an answer (UNHEALTHY,
// 500 unless use_rest_semantics=true) instead of waiting with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { startTestServer } from './support/server.js';
import { assertJsonOk, call } from './support/wire.js';

/** Every pooled connection PostgreSQL may hand out (the pool's max), or SQLite's only one. */
const HELD_CONNECTIONS = { sqlite: 1, postgres: 10 };

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: readiness asks the database and answers even while it hangs`, { timeout: 60_000 }, async (t) => {
    const server = await startTestServer(kind);
    t.after(() => server.stop());
    const ping = (query = '') => call(server.url, 'GET', `/api/v4/system/ping${query}`);

    await t.test('plain ping is liveness only; get_server_status=true adds database_status', async () => {
      assert.deepEqual(assertJsonOk(await ping()), { status: 'OK' });
      assert.deepEqual(assertJsonOk(await ping('?get_server_status=false')), { status: 'OK' });
      assert.deepEqual(assertJsonOk(await ping('?get_server_status=true')), { status: 'OK', database_status: 'OK' });
      // The official client's ping(true).
      const status = await server.client().ping(true);
      assert.equal(status.status, 'OK');
      assert.equal(status.database_status, 'OK');
    });

    await t.test('a database that does not answer: UNHEALTHY within the bound, OK again afterwards', async () => {
      // Every connection is taken by a transaction that waits, so no query can run.
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const held = Array.from({ length: HELD_CONNECTIONS[kind] }, () => server.ctx.store.transaction(() => gate));
      try {
        const unhealthy = await ping('?get_server_status=true');
        assert.equal(unhealthy.status, 500, unhealthy.text);
        assert.equal(unhealthy.headers.get('content-type'), 'application/json');
        assert.deepEqual(unhealthy.json, { status: 'UNHEALTHY', database_status: 'UNHEALTHY' });
        const rest = await ping('?get_server_status=true&use_rest_semantics=true');
        assert.deepEqual(assertJsonOk(rest), { status: 'UNHEALTHY', database_status: 'UNHEALTHY' });
        // Liveness does not touch the database.
        assert.deepEqual(assertJsonOk(await ping()), { status: 'OK' });
      } finally {
        release();
        await Promise.all(held);
      }
      assert.deepEqual(assertJsonOk(await ping('?get_server_status=true')), { status: 'OK', database_status: 'OK' });
    });
  });
}
