// Bad input on EVERY route the server registers (the list comes from the server itself, so new
// routes are swept automatically): missing and bad auth, junk path ids, repeated query parameters
// and NUL characters in path and query, malformed JSON, wrong JSON types, arrays for objects,
// oversized bodies, deep nesting, and wrong methods.
// Every answer must be a 4xx AppError (exact content type, status_code = HTTP status, request id),
// never a 500 or a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { startTestServer } from './support/server.js';
import { assertAppError, call, type RawResponse } from './support/wire.js';
import { fillPath, parseRoutes, type RouteInfo } from './support/routes.js';
import { buildWorld } from './support/world.js';

/** Routes that answer without a login (api-v4-compat §7). */
const PUBLIC = new Set(['POST /api/v4/users', 'POST /api/v4/users/login', 'POST /api/v4/users/logout', 'GET /api/v4/system/ping', 'GET /api/v4/config/client']);
/** Actions that take no body and ignore one: a body they are sent must not make them fail. */
const BODYLESS = /\/(logout|regen_token|rotate_secret|enable|redeliver|test)$/;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const WITH_BODY = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

/** Every body field any route reads, each of the wrong JSON type. */
const WRONG_TYPES = Object.fromEntries(
  ['user_id', 'team_id', 'channel_id', 'id', 'name', 'display_name', 'type', 'purpose', 'header', 'description', 'message', 'root_id',
    'username', 'email', 'password', 'login_id', 'first_name', 'last_name', 'nickname', 'locale', 'pending_post_id', 'token',
    'trigger_words', 'callback_urls', 'content_type', 'icon_url', 'ServiceSettings', 'TeamSettings']
    .map((k) => [k, 5])
    .concat([['props', 'x'], ['file_ids', 'x'], ['metadata', 'x'], ['is_pinned', 'x'], ['allow_open_invite', 'x'], ['channel_locked', 'x']]),
);

/** The ids a refusal for lack of permission may carry. */
const PERMISSION_IDS = new Set(['api.context.permissions.app_error', 'api.user.update_password.context.app_error', 'api.user.update_active.permissions.app_error']);

/**
 * Every query parameter any route reads as an id. The sweep sends each to every route: routes
 * that do not read one must not mind it either.
 */
const QUERY_IDS = ['team_id', 'channel_id', 'user_id', 'post_id', 'in_team', 'before', 'after', 'fromPost'];

const key = (r: RouteInfo) => `${r.method} ${r.url}`;

function expectSoft(res: RawResponse, what: string) {
  // Either a success or a proper AppError; never a 5xx.
  if (res.status >= 200 && res.status < 300) {
    assert.equal(res.headers.get('content-type'), 'application/json', what);
    return;
  }
  assertAppError(res, undefined, undefined, what);
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: bad input on every route is a 4xx AppError`, async (t) => {
    // Features on, so their routes read their input instead of answering 501 up front.
    const server = await startTestServer(kind, { ServiceSettings: { EnableOutgoingWebhooks: true, EnableIncomingWebhooks: true } });
    t.after(() => server.stop());
    const w = await buildWorld(server);
    // Logout revokes the token it is sent with, so it goes last.
    const isLogout = (r: RouteInfo) => key(r) === 'POST /api/v4/users/logout';
    const routes = parseRoutes(server.routes)
      .filter((r) => r.url.startsWith('/api/v4/'))
      .sort((a, b) => Number(isLogout(a)) - Number(isLogout(b)));
    assert.ok(routes.length >= 25, `only ${routes.length} routes found`);
    const values: Record<string, string> = {
      team_id: w.team.id, channel_id: w.secret.id, user_id: w.admin.id, post_id: w.secret.postId,
      name: w.team.name, channel_name: w.secret.name, username: w.admin.username, hook_id: w.secret.postId, delivery_id: w.secret.postId,
    };
    const idParam = (p: string) => p.endsWith('_id');
    const send = (r: RouteInfo, req: Parameters<typeof call>[3], override: Record<string, string> = {}) =>
      call(server.url, r.method, fillPath(r.url, values, override), req);

    await t.test('no token, and a bad token: 401 on every route that needs a login', async () => {
      for (const r of routes) {
        for (const token of [undefined, 'x'.repeat(26)]) {
          const res = await send(r, { token });
          if (PUBLIC.has(key(r))) expectSoft(res, key(r));
          else assertAppError(res, 401, 'api.context.session_expired.app_error', `${key(r)} token=${token}`);
        }
      }
    });

    await t.test('junk path ids: 400 invalid_url_param; junk names: a 4xx', async () => {
      for (const r of routes) {
        for (const p of r.params) {
          for (const junk of ['junk', 'a'.repeat(27), 'abcdefghijklm-opqrstuvwxyz', '%00', 'x y', '\u0000']) {
            const res = await send(r, { token: w.admin.token, body: WITH_BODY.has(r.method) ? {} : undefined }, { [p]: junk });
            const what = `${key(r)} :${p}=${junk}`;
            // Mattermost's routes only match [A-Za-z0-9]+ ids: other junk may also be an unknown route.
            if (idParam(p) && !/^[A-Za-z0-9]+$/.test(junk) && res.status === 404) assertAppError(res, 404, 'api.context.404.app_error', what);
            else if (idParam(p)) assertAppError(res, 400, 'api.context.invalid_url_param.app_error', what);
            else if (res.status !== 200) assertAppError(res, undefined, undefined, what);
          }
        }
      }
    });

    await t.test('repeated query parameters, and NUL in every id parameter of path and query: never a 5xx', async () => {
      const failures: string[] = [];
      const check = (res: RawResponse, what: string, assertion: (res: RawResponse, what: string) => void) => {
        try {
          assertion(res, what);
        } catch (e) {
          failures.push((e as Error).message.split('\n')[0]);
        }
      };
      const other = w.town.id;
      for (const r of routes.filter((x) => !isLogout(x))) {
        const path = fillPath(r.url, values);
        // No body: PUT /config with {} would switch every feature back off for the routes after it.
        const req = { token: w.admin.token };
        for (const k of QUERY_IDS) {
          const v = values[k] ?? w.team.id;
          // A repeated key counts by its first value, as in Mattermost: never a 5xx, whichever comes first.
          // (A NUL in a value after the first is never read, so it is no different.)
          for (const qs of [`${k}=${v}&${k}=${other}`, `${k}=junk&${k}=${v}`, `${k}=${v}&${k}=${v}&${k}=${v}`, `${k}=&${k}=${v}`, `${k}=${v}&${k}=%00`]) {
            check(await call(server.url, r.method, `${path}?${qs}`, req), `${key(r)} ?${qs}`, expectSoft);
          }
          // NUL (raw %00) in a query value or key: 400, whether or not the route reads the parameter.
          for (const qs of [`${k}=%00`, `${k}=${v}%00`, `${k}=%00${v}`, `${k}=%00&${k}=${v}`, `${k}%00=${v}`, `x=1&${k}=%00`]) {
            check(await call(server.url, r.method, `${path}?${qs}`, req), `${key(r)} ?${qs}`,
              (res, what) => assertAppError(res, 400, 'api.context.invalid_url_param.app_error', what));
          }
        }
        // NUL in every path id, also after a valid id.
        for (const p of r.params.filter(idParam)) {
          for (const junk of ['\u0000', `${values[p]}\u0000`, `\u0000${values[p]}`]) {
            const withBody = { ...req, body: WITH_BODY.has(r.method) ? {} : undefined };
            check(await send(r, withBody, { [p]: junk }), `${key(r)} :${p}=${JSON.stringify(junk)}`, (res, what) =>
              res.status === 404
                ? assertAppError(res, 404, 'api.context.404.app_error', what)
                : assertAppError(res, 400, 'api.context.invalid_url_param.app_error', what));
          }
        }
      }
      assert.deepEqual(failures, []);
    });

    await t.test('malformed JSON, arrays, scalars and wrong field types: 400', async () => {
      const bodies: Array<[string, string, Record<string, string>]> = [
        ['malformed', '{"a":', { 'Content-Type': 'application/json' }],
        ['malformed, no content type', '{"a":', {}],
        ['not json at all', 'hello=world', { 'Content-Type': 'application/x-www-form-urlencoded' }],
        ['array', '[]', { 'Content-Type': 'application/json' }],
        ['number', '5', { 'Content-Type': 'application/json' }],
        ['null', 'null', { 'Content-Type': 'application/json' }],
        ['wrong types', JSON.stringify(WRONG_TYPES), { 'Content-Type': 'application/json' }],
        ['deeply nested objects', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, { 'Content-Type': 'application/json' }],
      ];
      for (const r of routes.filter((x) => x.method === 'POST' || x.method === 'PUT')) {
        for (const [label, body, headers] of bodies) {
          for (const token of isLogout(r) ? [undefined] : [w.admin.token, w.bob.token]) {
            const res = await send(r, { token, body, headers: { ...headers } });
            const what = `${key(r)} ${label}`;
            if (BODYLESS.test(r.url)) {
              expectSoft(res, what);
              continue;
            }
            // A plain user on an admin-only route may be refused before the body is read, with the
            // generic id or the route's own Mattermost one.
            if (token === w.bob.token && res.status === 403) {
              assertAppError(res, 403, undefined, what);
              assert.ok(PERMISSION_IDS.has(res.json.id), `${what}: ${res.json.id}`);
            }
            else assertAppError(res, 400, undefined, what);
          }
        }
      }
    });

    await t.test('bodies over MaximumRequestBodyBytes: 413 AppError', async () => {
      const limit = server.ctx.config.get().ServiceSettings.MaximumRequestBodyBytes;
      const big = JSON.stringify({ message: 'x'.repeat(limit + 10) });
      for (const r of routes.filter((x) => x.method !== 'GET')) {
        for (const token of isLogout(r) ? [undefined] : [undefined, w.admin.token]) {
          const res = await send(r, { token, body: big, headers: { 'Content-Type': 'application/json' } });
          assertAppError(res, 413, 'api.context.request_body_too_large.app_error', `${key(r)} oversized`);
        }
      }
      // The same without a Content-Length: a streamed (chunked) body.
      const r = routes.find((x) => key(x) === 'POST /api/v4/posts')!;
      const chunks = [big.slice(0, limit / 2), big.slice(limit / 2)];
      const stream = new ReadableStream({
        pull(c) {
          const next = chunks.shift();
          if (next === undefined) c.close();
          else c.enqueue(new TextEncoder().encode(next));
        },
      });
      const res = await fetch(server.url + r.url, {
        method: 'POST', body: stream, duplex: 'half', headers: { Authorization: `Bearer ${w.admin.token}`, 'Content-Type': 'application/json' },
      } as RequestInit);
      const text = await res.text();
      assertAppError({ status: res.status, headers: res.headers, text, json: JSON.parse(text) }, 413, undefined, 'chunked oversized');
    });

    await t.test('unregistered methods on every known path, and unknown paths: 404 AppError', async () => {
      const byPath = new Map<string, Set<string>>();
      for (const r of routes) byPath.set(r.url, (byPath.get(r.url) ?? new Set()).add(r.method));
      const pattern = (url: string) => new RegExp(`^${url.replace(/:[A-Za-z_]+/g, '[^/]+')}$`);
      for (const [url, methods] of byPath) {
        const path = fillPath(url, values);
        // A method is "wrong" for this path only if no route of that method matches it (GET
        // /users/login is GET /users/:user_id with a bad id, not an unknown route).
        const taken = (m: string) => routes.some((r) => r.method === m && pattern(r.url).test(path));
        for (const method of METHODS.filter((m) => !methods.has(m) && !taken(m))) {
          const res = await call(server.url, method, path, { token: w.admin.token, body: WITH_BODY.has(method) ? {} : undefined });
          assertAppError(res, 404, 'api.context.404.app_error', `${method} ${url}`);
        }
      }
      for (const path of ['/api/v4/nope', '/api/v4/users/me/nothing/here', '/api/v4/', '/api/v4', '/nope', '/api/v3/users/me', '/api/v4/users/me/']) {
        for (const token of [undefined, w.admin.token]) {
          assertAppError(await call(server.url, 'GET', path, { token }), 404, 'api.context.404.app_error', path);
        }
      }
    });

    await t.test('a plain user on every route with the admin’s private ids never gets a 5xx', async () => {
      for (const r of routes.filter((x) => !isLogout(x))) {
        const res = await send(r, { token: w.bob.token, body: WITH_BODY.has(r.method) ? { channel_id: w.secret.id, user_id: w.bob.id, message: 'x' } : undefined });
        expectSoft(res, `bob ${key(r)}`);
      }
    });
  });
}
