// Simultaneous requests that race for the same row: sign-ups on an empty server, the same direct
// channel, the same team or channel join, the same names. Each must get one consistent answer and
// never a 5xx, on SQLite (one connection) and on PostgreSQL (a pool of concurrent transactions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { startTestServer } from './support/server.js';
import { assertAppError, assertJsonOk, call, type RawResponse } from './support/wire.js';

const N = 6;
const together = (n: number, f: (i: number) => Promise<RawResponse>) => Promise.all([...Array(n).keys()].map(f));

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: concurrent requests for the same thing`, async (t) => {
    const server = await startTestServer(kind);
    t.after(() => server.stop());
    const api = (method: string, path: string, token?: string, body?: unknown) => call(server.url, method, `/api/v4${path}`, { token, body });

    // On an empty server every sign-up sees "no users yet"; only one of them may become the admin.
    const signups = await together(N, (i) => api('POST', '/users', undefined, { username: `first${i}`, email: `first${i}@example.com`, password: 'password1' }));
    const created = signups.filter((r) => r.status === 201).map((r) => assertJsonOk(r, 201));
    assert.equal(created.length, 1, `exactly one sign-up succeeds: ${signups.map((r) => r.status)}`);
    assert.equal(created[0].roles, 'system_admin system_user');
    for (const r of signups.filter((x) => x.status !== 201)) assertAppError(r, 403, 'api.user.create_user.no_open_server');

    const login = await api('POST', '/users/login', undefined, { login_id: created[0].username, password: 'password1' });
    const admin = login.headers.get('token')!;
    const me = assertJsonOk(login);
    const bob = assertJsonOk(await api('POST', '/users', admin, { username: 'bob', email: 'bob@example.com', password: 'password1' }), 201);
    const bobToken = (await api('POST', '/users/login', undefined, { login_id: 'bob', password: 'password1' })).headers.get('token')!;

    await t.test('the same direct channel: one channel, 201 for everyone', async () => {
      const answers = await together(N, (i) => api('POST', '/channels/direct', i % 2 ? admin : bobToken, i % 2 ? [me.id, bob.id] : [bob.id, me.id]));
      const ids = new Set(answers.map((r) => assertJsonOk(r, 201).id));
      assert.equal(ids.size, 1);
      const [id] = ids;
      assert.equal(assertJsonOk(await api('GET', `/channels/${id}/members`, admin)).length, 2);
    });

    await t.test('joining the same team and channel at once: one membership, 201 for everyone', async () => {
      const team = assertJsonOk(await api('POST', '/teams', admin, { name: 'raceteam', display_name: 'Race', type: 'O', allow_open_invite: true }), 201);
      const joins = await together(N, () => api('POST', `/teams/${team.id}/members`, bobToken, { team_id: team.id, user_id: bob.id }));
      for (const r of joins) assert.equal(assertJsonOk(r, 201).roles, 'team_user');
      assert.equal(assertJsonOk(await api('GET', `/teams/${team.id}/members`, admin)).length, 2);
      const ch = assertJsonOk(await api('POST', '/channels', admin, { team_id: team.id, name: 'race', display_name: 'Race', type: 'O' }), 201);
      const adds = await together(N, () => api('POST', `/channels/${ch.id}/members`, bobToken, { user_id: bob.id }));
      for (const r of adds) assert.equal(assertJsonOk(r, 201).user_id, bob.id);
      assert.equal(assertJsonOk(await api('GET', `/channels/${ch.id}/members`, admin)).length, 2);
    });

    await t.test('the same new names at once: one 201, the rest the documented 400', async () => {
      const teams = await together(N, () => api('POST', '/teams', admin, { name: 'samename', display_name: 'Same', type: 'O' }));
      assert.equal(teams.filter((r) => r.status === 201).length, 1);
      for (const r of teams.filter((x) => x.status !== 201)) assertAppError(r, 400, 'app.team.save.existing.app_error');
      const team = assertJsonOk(await api('GET', '/teams/name/samename', admin));
      const channels = await together(N, () => api('POST', '/channels', admin, { team_id: team.id, name: 'samechan', display_name: 'Same', type: 'P' }));
      assert.equal(channels.filter((r) => r.status === 201).length, 1);
      for (const r of channels.filter((x) => x.status !== 201)) assertAppError(r, 400, 'store.sql_channel.save_channel.exists.app_error');
      const users = await together(N, () => api('POST', '/users', admin, { username: 'twin', email: 'twin@example.com', password: 'password1' }));
      assert.equal(users.filter((r) => r.status === 201).length, 1);
      for (const r of users.filter((x) => x.status !== 201)) assertAppError(r, 400, 'app.user.save.username_exists.app_error');
    });

    await t.test('the same outgoing hook created at once: one 201, the rest the duplicate 400', async () => {
      assertJsonOk(await api('PUT', '/config/patch', admin, { ServiceSettings: { EnableOutgoingWebhooks: true } }));
      const team = assertJsonOk(await api('GET', '/teams/name/samename', admin));
      const hook = { team_id: team.id, trigger_words: ['!race'], callback_urls: ['http://127.0.0.1:9/race'] };
      const creates = await together(N, () => api('POST', '/hooks/outgoing', admin, hook));
      assert.equal(creates.filter((r) => r.status === 201).length, 1, `statuses: ${creates.map((r) => r.status)}`);
      for (const r of creates.filter((x) => x.status !== 201)) assertAppError(r, 400, 'api.webhook.create_outgoing.intersect.app_error');
    });
  });
}
