// The server's log: one JSON line per request (request id, method, route pattern, status,
// duration) and the app's own lines, all through the same pino log; and no secret in any of it,
// whether it came as a password in a body, a token in the Authorization header, the
// access_token query parameter or the session cookie.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ConfigService } from '../src/config/config-service.js';
import { startServer } from '../src/server.js';
import { createLog } from '../src/adapters/logger.js';
import { createTestDatabase, testDatabaseKinds } from './support/databases.js';
import { call, type RawResponse } from './support/wire.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: one JSON line per request, the app's lines alike, and no secret anywhere`, async (t) => {
    let output = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        output += String(chunk);
        done();
      },
    });
    const database = await createTestDatabase(kind);
    const config = ConfigService.fromObject({
      ServiceSettings: { ListenAddress: '127.0.0.1:0' },
      SqlSettings: { DriverName: database.driver, DataSource: database.dataSource },
    });
    const server = await startServer({ config, log: createLog(sink) });
    t.after(async () => {
      await server.close();
      await database.drop();
    });

    const password = 'pw-Secret-0f-Ours';
    const seen: RawResponse[] = [];
    const send = async (...args: Parameters<typeof call>) => {
      const res = await call(...args);
      seen.push(res);
      return res;
    };
    const created = await send(server.url, 'POST', '/api/v4/users', { body: { username: 'logger', email: 'logger@example.com', password } });
    assert.equal(created.status, 201, created.text);
    const login = await send(server.url, 'POST', '/api/v4/users/login', { body: { login_id: 'logger', password } });
    assert.equal(login.status, 200, login.text);
    const token = login.headers.get('token')!;
    const csrf = /MMCSRF=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1];
    const userId = login.json.id;
    const other = 'qs-secret-that-is-not-a-token';

    assert.equal((await send(server.url, 'GET', `/api/v4/users/me?access_token=${token}`)).status, 200);
    assert.equal((await send(server.url, 'GET', `/api/v4/users/${userId}`, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
    assert.equal((await send(server.url, 'GET', '/api/v4/users/me', { headers: { Cookie: `MMAUTHTOKEN=${token}; MMCSRF=${csrf}` } })).status, 200);
    assert.equal((await send(server.url, 'GET', `/api/v4/nothing/here?access_token=${other}`)).status, 404);
    assert.equal((await send(server.url, 'GET', `/api/v4/users/me?access_token=${other}`)).status, 401);

    const lines = output.trim().split('\n');
    const records = lines.map((l) => JSON.parse(l));
    for (const r of records) {
      assert.equal(typeof r.level, 'string', JSON.stringify(r));
      assert.match(r.time, /^\d{4}-\d\d-\d\dT/, JSON.stringify(r));
      assert.equal(typeof r.msg, 'string', JSON.stringify(r));
    }
    // The app's Logger port writes through the same log.
    assert.ok(records.some((r) => r.msg === 'Switchboard is listening' && r.level === 'info'), output);

    // One request line for each request, with its route pattern rather than its URL.
    const routes = ['/api/v4/users', '/api/v4/users/login', '/api/v4/users/me', '/api/v4/users/:user_id', '/api/v4/users/me', null, '/api/v4/users/me'];
    const methods = ['POST', 'POST', 'GET', 'GET', 'GET', 'GET', 'GET'];
    seen.forEach((res, i) => {
      const id = res.headers.get('x-request-id');
      const mine = records.filter((r) => r.request_id === id && r.msg === 'request');
      assert.equal(mine.length, 1, `request ${i} (${id}) logged ${mine.length} times:\n${output}`);
      const [line] = mine;
      assert.equal(line.method, methods[i]);
      assert.equal(line.route, routes[i]);
      assert.equal(line.status, res.status);
      assert.equal(typeof line.duration_ms, 'number');
      assert.ok(line.duration_ms >= 0);
    });

    for (const secret of [password, token, csrf, other]) {
      assert.ok(!output.includes(secret), `a secret (${secret.slice(0, 4)}…) is in the log:\n${output}`);
    }
  });
}
