// api-v4-compat §9, the REST conformance checks (items 1-16, 20-22, 27), with the official Client4
// against a real server on every database. Webhook items 17-19 live with the webhook tests; the
// websocket items 23-26 are in api-websocket.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { adminClient, startTestServer, uniqueName, userClient } from './support/server.js';
import { assertAppError, assertJsonOk, call, clientError } from './support/wire.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: api-v4-compat §9 conformance with Client4`, async (t) => {
    const server = await startTestServer(kind);
    t.after(() => server.stop());

    await t.test('8. the first user is the system admin; anonymous sign-up is closed afterwards', async () => {
      const anon = server.client();
      const cfg = await anon.getClientConfig();
      assert.equal(cfg.NoAccounts, 'true');
      const first = await anon.createUser({ username: 'firstadmin', email: 'first@example.com', password: 'password1' });
      assert.equal(first.roles, 'system_admin system_user');
      assert.equal(first.password, undefined);
      await assert.rejects(
        anon.createUser({ username: 'latecomer', email: 'late@example.com', password: 'password1' }),
        clientError(403, 'api.user.create_user.no_open_server'),
      );
    });

    const admin = server.client();
    await admin.login('firstadmin', 'password1');
    const { client: bob, user: bobUser } = await userClient(server, admin);

    await t.test('1. every JSON answer has Content-Type exactly application/json; getMe is an object', async () => {
      const me = await admin.getMe();
      assert.equal(typeof me, 'object');
      assert.equal(me.username, 'firstadmin');
      assertJsonOk(await call(server.url, 'GET', '/api/v4/users/me', { token: admin.getToken() }));
      assertJsonOk(await call(server.url, 'GET', '/api/v4/system/ping'));
      assertAppError(await call(server.url, 'GET', '/api/v4/users/me'), 401);
    });

    await t.test('2. login resolves to the user and the Token header alone authenticates', async () => {
      const c = server.client();
      const user = await c.login(bobUser.username, 'password1');
      assert.equal(user.id, bobUser.id);
      const token = c.getToken();
      assert.match(token, /^[a-z0-9]{26}$/);
      assert.equal((await server.client(token).getMe()).id, bobUser.id);
    });

    await t.test('3. Bearer, bearer and BEARER are all accepted', async () => {
      for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
        const res = await call(server.url, 'GET', '/api/v4/users/me', { headers: { Authorization: `${scheme} ${admin.getToken()}` } });
        assert.equal(assertJsonOk(res, 200, scheme).username, 'firstadmin');
      }
    });

    await t.test('4. a bad token is a 401 session_expired ClientError', async () => {
      await assert.rejects(server.client('x'.repeat(26)).getMe(), clientError(401, 'api.context.session_expired.app_error'));
    });

    await t.test('5. an unknown /api/v4 path is a 404 AppError with status_code 404', async () => {
      await assert.rejects(
        admin.doFetch(`${admin.getBaseRoute()}/no/such/route`, { method: 'get' }),
        clientError(404, 'api.context.404.app_error'),
      );
      assertAppError(await call(server.url, 'GET', '/api/v4/no/such/route'), 404, 'api.context.404.app_error');
    });

    await t.test('6. empty JSON bodies reach the handler; logout without Content-Type succeeds', async () => {
      const empty = await call(server.url, 'POST', '/api/v4/users/logout', { body: '', headers: { 'Content-Type': 'application/json' } });
      assert.deepEqual(assertJsonOk(empty), { status: 'OK' });
      // A handler that needs a body and gets none answers invalid_body_param, not a parser error.
      const noBody = await call(server.url, 'POST', '/api/v4/teams', {
        token: admin.getToken(), body: '', headers: { 'Content-Type': 'application/json' },
      });
      assertAppError(noBody, 400, 'api.context.invalid_body_param.app_error');
      const c = server.client();
      await c.login(bobUser.username, 'password1');
      const res = await c.logout();
      assert.equal(res.status, 200);
      assert.equal(c.getToken(), '');
    });

    await t.test('7. a JSON body without Content-Type is parsed as JSON', async () => {
      const res = await call(server.url, 'POST', '/api/v4/teams', {
        token: admin.getToken(), body: JSON.stringify({ name: uniqueName('noctype'), display_name: 'No CT', type: 'O' }),
      });
      assert.equal(assertJsonOk(res, 201).display_name, 'No CT');
    });

    let teamId = '';
    await t.test('9. createTeam → 201; getTeamByName finds it; it has town-square and off-topic', async () => {
      const name = uniqueName('team');
      const res = await call(server.url, 'POST', '/api/v4/teams', { token: admin.getToken(), body: { name, display_name: 'Team', type: 'O' } });
      const created = assertJsonOk(res, 201);
      teamId = created.id;
      assert.equal((await admin.getTeamByName(name)).id, teamId);
      assert.equal((await admin.getChannelByName(teamId, 'town-square')).display_name, 'Town Square');
      assert.equal((await admin.getChannelByName(teamId, 'off-topic')).display_name, 'Off-Topic');
    });

    await t.test('10/11. channels O and P → 201, found by name, duplicates refused; members have their shapes', async () => {
      const member = await admin.addToTeam(teamId, bobUser.id);
      assert.deepEqual(member, {
        team_id: teamId, user_id: bobUser.id, roles: 'team_user', delete_at: 0,
        scheme_guest: false, scheme_user: true, scheme_admin: false, explicit_roles: '',
      });
      for (const type of ['O', 'P']) {
        const name = `chan-${type.toLowerCase()}`;
        const res = await call(server.url, 'POST', '/api/v4/channels', {
          token: admin.getToken(), body: { team_id: teamId, name, display_name: `Chan ${type}`, type },
        });
        const channel = assertJsonOk(res, 201, type);
        assert.equal(channel.type, type);
        assert.equal((await admin.getChannelByName(teamId, name)).id, channel.id);
        await assert.rejects(
          admin.createChannel({ team_id: teamId, name, display_name: 'Again', type }),
          clientError(400, 'store.sql_channel.save_channel.exists.app_error'),
        );
        const cm = await admin.addToChannel(bobUser.id, channel.id);
        assert.equal(cm.channel_id, channel.id);
        assert.equal(cm.user_id, bobUser.id);
        assert.equal(cm.roles, 'channel_user');
        for (const key of ['last_viewed_at', 'last_update_at', 'msg_count', 'msg_count_root', 'mention_count', 'mention_count_root', 'urgent_mention_count']) {
          assert.equal(typeof cm[key], 'number', key);
        }
        assert.equal(cm.notify_props.mark_unread, 'all');
        assert.equal(cm.scheme_admin, false);
        assert.equal(cm.explicit_roles, '');
      }
    });

    await t.test('12. createDirectChannel → 201, type D, name min__max, same id again', async () => {
      const me = await admin.getMe();
      const res = await call(server.url, 'POST', '/api/v4/channels/direct', { token: admin.getToken(), body: [me.id, bobUser.id] });
      const dm = assertJsonOk(res, 201);
      assert.equal(dm.type, 'D');
      assert.equal(dm.team_id, '');
      assert.equal(dm.display_name, '');
      assert.equal(dm.name, [me.id, bobUser.id].sort().join('__'));
      const again = await bob.createDirectChannel([bobUser.id, me.id]);
      assert.equal(again.id, dm.id);
    });

    let town = '';
    await t.test('13/14. posts, replies, no reply to a reply, and the length limit in code points', async () => {
      town = (await admin.getChannelByName(teamId, 'town-square')).id;
      const res = await call(server.url, 'POST', '/api/v4/posts', { token: admin.getToken(), body: { channel_id: town, message: 'root' } });
      const root = assertJsonOk(res, 201);
      assert.match(root.id, /^[a-z0-9]{26}$/);
      assert.equal(root.channel_id, town);
      assert.equal(root.root_id, '');
      assert.equal(root.user_id, (await admin.getMe()).id);
      const reply = await bob.createPost({ channel_id: town, message: 'reply', root_id: root.id });
      assert.equal(reply.root_id, root.id);
      await assert.rejects(
        bob.createPost({ channel_id: town, message: 'nested', root_id: reply.id }),
        clientError(400, 'api.post.create_post.root_id.app_error'),
      );
      const emoji = '😀';
      await bob.createPost({ channel_id: town, message: emoji.repeat(4000) });
      await assert.rejects(
        bob.createPost({ channel_id: town, message: emoji.repeat(4001) }),
        clientError(400, 'model.post.is_valid.message_length.app_error'),
      );
    });

    await t.test('15/16. getPosts is newest first and complete; getPostsSince; getPostThread', async () => {
      const list = await admin.getPosts(town, 0, 60);
      assert.equal(list.order.length, 3);
      for (const id of list.order) assert.ok(list.posts[id], id);
      const times = list.order.map((id: string) => list.posts[id].create_at);
      assert.deepEqual(times, [...times].sort((a: number, b: number) => b - a));
      const oldest = list.posts[list.order[list.order.length - 1]];
      const since = await admin.getPostsSince(town, oldest.create_at - 1);
      assert.deepEqual(new Set(since.order), new Set(list.order));
      assert.equal((await admin.getPostsSince(town, Math.max(...times))).order.length, 0);
      const root = list.posts[list.order.find((id: string) => list.posts[id].message === 'root')!];
      const thread = await bob.getPostThread(root.id);
      assert.equal(thread.order.length, 2);
      assert.equal(thread.posts[root.id].reply_count, 1);
    });

    await t.test('20. client config (old format) has string values; without format → 501', async () => {
      const cfg = await admin.getClientConfig();
      for (const [k, v] of Object.entries(cfg)) assert.equal(typeof v, 'string', k);
      assert.equal(cfg.NoAccounts, 'false');
      assertAppError(await call(server.url, 'GET', '/api/v4/config/client'), 501, 'api.config.client.old_format.app_error');
    });

    await t.test('21. patchConfig by an admin takes effect at once; by a non-admin → 403', async () => {
      const patched = await admin.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: true } });
      assert.equal(patched.ServiceSettings.EnableOutgoingWebhooks, true);
      assert.equal((await admin.getClientConfig()).EnableOutgoingWebhooks, 'true');
      assert.equal(server.ctx.config.get().ServiceSettings.EnableOutgoingWebhooks, true);
      await assert.rejects(bob.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: false } }), clientError(403, 'api.context.permissions.app_error'));
      await admin.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: false } });
    });

    await t.test('22. ping resolves to status OK', async () => {
      assert.equal((await server.client().ping()).status, 'OK');
    });

    await t.test('27. CSRF with cookie authentication', async () => {
      const login = await call(server.url, 'POST', '/api/v4/users/login', { body: { login_id: bobUser.username, password: 'password1' } });
      assertJsonOk(login);
      const cookies = Object.fromEntries(login.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]));
      assert.ok(cookies.MMAUTHTOKEN && cookies.MMCSRF && cookies.MMUSERID === bobUser.id);
      const cookie = `MMAUTHTOKEN=${cookies.MMAUTHTOKEN}; MMCSRF=${cookies.MMCSRF}`;
      const body = { channel_id: town, message: 'from a browser' };
      assertAppError(await call(server.url, 'POST', '/api/v4/posts', { headers: { Cookie: cookie }, body }), 401, 'api.context.session_expired.app_error');
      assertAppError(
        await call(server.url, 'POST', '/api/v4/posts', { headers: { Cookie: cookie, 'X-CSRF-Token': 'wrong' }, body }),
        401,
      );
      assertJsonOk(await call(server.url, 'POST', '/api/v4/posts', { headers: { Cookie: cookie, 'X-CSRF-Token': cookies.MMCSRF }, body }), 201);
      assertJsonOk(await call(server.url, 'POST', '/api/v4/posts', { headers: { Cookie: cookie, 'X-Requested-With': 'XMLHttpRequest' }, body }), 201);
      assertJsonOk(await call(server.url, 'GET', '/api/v4/users/me', { headers: { Cookie: cookie } }));
    });
  });
}
