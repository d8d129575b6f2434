// The seam for features that take other bodies than the API's: route groups are Fastify plugins in
// scopes of their own, and the API's body rules (JSON only) stay in the /api/v4 scope. A plugin
// registered beside the API can parse application/x-www-form-urlencoded (as the public POST
// /hooks/{id} of incoming webhooks will) while /api/v4 answers the same body as it always has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { ConfigService } from '../src/config/config-service.js';
import { openDatabase } from '../src/store/database.js';
import { createSqlStore } from '../src/store/sql/sql-store.js';
import { newId } from '../src/adapters/ids.js';
import { systemClock } from '../src/app/ports/clock.js';
import { silentLogger } from '../src/app/ports/logger.js';
import { createInProcessEventBus } from '../src/adapters/in-process-event-bus.js';
import { PostTriggerList } from '../src/app/post-triggers.js';
import type { AppContext } from '../src/app/context.js';
import { buildServer } from '../src/http/build-server.js';
import type { RoutePlugin } from '../src/http/route-kit.js';
import { createTestDatabase, testDatabaseKinds } from './support/databases.js';
import { assertAppError, call } from './support/wire.js';

/** A stand-in for a feature with its own body rules: form bodies, echoed back as parsed. */
const formEcho: RoutePlugin = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.post('/form-echo', async (req) => ({ parsed: req.body }));
};

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const BODY_PARAM = 'api.context.invalid_body_param.app_error';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: a plugin in its own scope parses form bodies while /api/v4 keeps its JSON rules`, async (t) => {
    const database = await createTestDatabase(kind);
    const store = createSqlStore(await openDatabase(database.driver, database.dataSource));
    const events = createInProcessEventBus(silentLogger);
    const ctx: AppContext = {
      store, config: ConfigService.fromObject({}), clock: systemClock, newId, logger: silentLogger, events, postTriggers: new PostTriggerList(),
    };
    const app = buildServer(ctx, { rootRoutes: [formEcho] });
    await app.listen({ host: '127.0.0.1', port: 0 });
    t.after(async () => {
      await app.close();
      await store.close();
      await database.drop();
    });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const echoed = await call(url, 'POST', '/form-echo', { headers: FORM, body: 'username=ann&email=ann%40example.com' });
    assert.equal(echoed.status, 200, echoed.text);
    assert.deepEqual(echoed.json, { parsed: { username: 'ann', email: 'ann@example.com' } });

    // The API reads the same body as it did before plugins had scopes: text that is not JSON, which
    // is not a user object.
    assertAppError(await call(url, 'POST', '/api/v4/users', { headers: FORM, body: 'username=ann&email=ann%40example.com' }), 400, BODY_PARAM);
    // Its JSON rules are its own: bad JSON is refused there, under /api/v4 even where no route matches.
    assertAppError(await call(url, 'POST', '/api/v4/users', { headers: { 'Content-Type': 'application/json' }, body: '{"username":' }), 400, BODY_PARAM);
    assertAppError(await call(url, 'POST', '/api/v4/no/such/route', { headers: { 'Content-Type': 'application/json' }, body: '{"x":' }), 400, BODY_PARAM);
    // The plugin does not take JSON, and nothing outside /api/v4 applies the API's rules for it.
    assertAppError(await call(url, 'POST', '/form-echo', { body: { username: 'ann' } }), 400, BODY_PARAM);
    // Outside every scope a body is set aside: an unknown path is a 404 whatever it carries.
    assertAppError(await call(url, 'POST', '/no/such/route', { headers: { 'Content-Type': 'application/json' }, body: '{"x":' }), 404, 'api.context.404.app_error');
  });
}
