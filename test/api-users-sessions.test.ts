// Users and sessions through Client4 and plain fetch: sign-up rules, login by name, email or id,
// logout revoking the token, and every way a token may arrive (headers, cookie + CSRF, query).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { startTestServer } from './support/server.js';
import { assertAppError, assertJsonOk, call, clientError } from './support/wire.js';

const SESSION_EXPIRED = 'api.context.session_expired.app_error';

function cookiesOf(res: { headers: Headers }): Record<string, string> {
  return Object.fromEntries(res.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]));
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: users and sessions`, async (t) => {
    const server = await startTestServer(kind);
    t.after(() => server.stop());
    const admin = server.client();

    await t.test('first user, validation, duplicates, and who may sign up', async () => {
      assert.equal((await admin.getClientConfig()).NoAccounts, 'true');
      await assert.rejects(admin.createUser({ username: 'all', email: 'all@example.com', password: 'password1' }), clientError(400, 'model.user.is_valid.username.app_error'));
      await assert.rejects(admin.createUser({ username: 'has space', email: 'x@example.com', password: 'password1' }), clientError(400, 'model.user.is_valid.username.app_error'));
      await assert.rejects(admin.createUser({ username: 'okname', email: 'not-an-email', password: 'password1' }), clientError(400, 'model.user.is_valid.email.app_error'));
      await assert.rejects(admin.createUser({ username: 'okname', email: 'ok@example.com', password: 'short' }), clientError(400));
      const first = await admin.createUser({ username: 'Boss', email: 'boss@example.com', password: 'password1', first_name: 'Bo' });
      assert.equal(first.username, 'boss');
      assert.equal(first.roles, 'system_admin system_user');
      assert.equal(first.first_name, 'Bo');
      assert.equal('password' in first, false);
      assert.equal((await admin.getClientConfig()).NoAccounts, 'false');
      await admin.login('boss', 'password1');
      const bob = await admin.createUser({ username: 'bob', email: 'bob@example.com', password: 'password1' });
      assert.equal(bob.roles, 'system_user');
      await assert.rejects(admin.createUser({ username: 'BOB', email: 'other@example.com', password: 'password1' }), clientError(400, 'app.user.save.username_exists.app_error'));
      await assert.rejects(admin.createUser({ username: 'other', email: 'bob@example.com', password: 'password1' }), clientError(400, 'app.user.save.email_exists.app_error'));
      // Emails are stored lower-cased, so a differently-cased copy is the same address.
      await assert.rejects(admin.createUser({ username: 'other', email: 'BOB@Example.COM', password: 'password1' }), clientError(400, 'app.user.save.email_exists.app_error'));
      assert.equal((await admin.createUser({ username: 'mixed', email: 'Mixed.Case@Example.com', password: 'password1' })).email, 'mixed.case@example.com');
      const anon = server.client();
      await assert.rejects(anon.createUser({ username: 'anon', email: 'anon@example.com', password: 'password1' }), clientError(403, 'api.user.create_user.no_open_server'));
      await admin.patchConfig({ TeamSettings: { EnableOpenServer: true } });
      assert.equal((await anon.createUser({ username: 'anon', email: 'anon@example.com', password: 'password1' })).roles, 'system_user');
      await admin.patchConfig({ TeamSettings: { EnableUserCreation: false } });
      await assert.rejects(anon.createUser({ username: 'anon2', email: 'anon2@example.com', password: 'password1' }), clientError(501, 'api.user.create_user.signup_email_disabled.app_error'));
      assert.equal((await admin.createUser({ username: 'byadmin', email: 'byadmin@example.com', password: 'password1' })).username, 'byadmin');
      await admin.patchConfig({ TeamSettings: { EnableUserCreation: true, EnableOpenServer: false } });
    });

    await t.test('login by username, email (any case) and id; wrong and blank passwords', async () => {
      const c = server.client();
      assert.equal((await c.login('BOB', 'password1')).username, 'bob');
      assert.equal((await c.login('Bob@Example.com', 'password1')).username, 'bob');
      const bob = await c.getMe();
      const byId = await call(server.url, 'POST', '/api/v4/users/login', { body: { id: bob.id, password: 'password1', token: '', device_id: '' } });
      assert.equal(assertJsonOk(byId).id, bob.id);
      assert.match(byId.headers.get('token') ?? '', /^[a-z0-9]{26}$/);
      await assert.rejects(c.login('bob', 'wrong-password'), clientError(401, 'api.user.login.invalid_credentials_email_username'));
      await assert.rejects(c.login('nobody', 'password1'), clientError(401, 'api.user.login.invalid_credentials_email_username'));
      await assert.rejects(c.login('bob', ''), clientError(400, 'api.user.login.blank_pwd.app_error'));
    });

    await t.test('reading users: me, by id, by username, lists', async () => {
      const me = await admin.getMe();
      const bob = await admin.getUserByUsername('bob');
      assert.equal((await admin.getUser(bob.id)).username, 'bob');
      assert.equal((await admin.getUserByUsername('BOB')).id, bob.id);
      await assert.rejects(admin.getUserByUsername('ghost'), clientError(404, 'app.user.missing_account.const'));
      const all = await admin.getProfiles(0, 200);
      assert.ok(all.some((u: any) => u.id === me.id) && all.some((u: any) => u.id === bob.id));
      for (const u of all) assert.equal('password' in u, false);
      const page = await admin.getProfiles(1, 1);
      assert.equal(page.length, 1);
      const team = await admin.createTeam({ name: 'userteam', display_name: 'U', type: 'O' });
      const inTeam = await admin.getProfiles(0, 60, { in_team: team.id });
      assert.deepEqual(inTeam.map((u: any) => u.id), [me.id]);
      // The roster of a team is for its members (and system admins) only, as getTeamMembers is.
      const bobClient = server.client();
      await bobClient.login('bob', 'password1');
      await assert.rejects(bobClient.getProfiles(0, 60, { in_team: team.id }), clientError(403, 'api.context.permissions.app_error'));
      await admin.addToTeam(team.id, bob.id);
      assert.equal((await bobClient.getProfiles(0, 60, { in_team: team.id })).length, 2);
    });

    await t.test('logout revokes the token and expires the cookies', async () => {
      const c = server.client();
      await c.login('bob', 'password1');
      const token = c.getToken();
      assert.equal((await server.client(token).getMe()).username, 'bob');
      const res = await call(server.url, 'POST', '/api/v4/users/logout', { token });
      assert.deepEqual(assertJsonOk(res), { status: 'OK' });
      const expired = res.headers.getSetCookie();
      for (const name of ['MMAUTHTOKEN', 'MMUSERID', 'MMCSRF']) assert.ok(expired.some((h) => h.startsWith(`${name}=;`) && /Max-Age=0/.test(h)), name);
      await assert.rejects(server.client(token).getMe(), clientError(401, SESSION_EXPIRED));
      // Logging out again, or without any token, still answers 200.
      assert.deepEqual(assertJsonOk(await call(server.url, 'POST', '/api/v4/users/logout', { token })), { status: 'OK' });
      assert.deepEqual(assertJsonOk(await call(server.url, 'POST', '/api/v4/users/logout')), { status: 'OK' });
    });

    await t.test('tokens: Bearer in any case, Token, access_token; bad ones are 401', async () => {
      const token = admin.getToken();
      const me = (headers: Record<string, string>, query = '') => call(server.url, 'GET', `/api/v4/users/me${query}`, { headers });
      for (const auth of [`Bearer ${token}`, `bearer ${token}`, `BEARER ${token}`, `BeArEr ${token}`, `Token ${token}`, `token ${token}`, `TOKEN ${token}`]) {
        assert.equal(assertJsonOk(await me({ Authorization: auth }), 200, auth).username, 'boss');
      }
      assert.equal(assertJsonOk(await me({}, `?access_token=${token}`)).username, 'boss');
      for (const auth of ['Bearer', 'Bearer ', `Basic ${token}`, `Bearer ${token}x`, `Bearer ${'a'.repeat(5000)}`, token]) {
        assertAppError(await me({ Authorization: auth }), 401, SESSION_EXPIRED, auth.slice(0, 40));
      }
      assertAppError(await me({}, '?access_token=nope'), 401, SESSION_EXPIRED);
    });

    await t.test('cookies: GET needs no CSRF; writes need the MMCSRF value or X-Requested-With', async () => {
      const login = await call(server.url, 'POST', '/api/v4/users/login', { body: { login_id: 'bob', password: 'password1' } });
      const cookies = cookiesOf(login);
      const raw = login.headers.getSetCookie();
      assert.ok(raw.find((h) => h.startsWith('MMAUTHTOKEN='))!.includes('HttpOnly'));
      assert.ok(!raw.find((h) => h.startsWith('MMCSRF='))!.includes('HttpOnly'));
      for (const h of raw) assert.match(h, /Path=\//);
      const cookie = `MMAUTHTOKEN=${cookies.MMAUTHTOKEN}`;
      assert.equal(assertJsonOk(await call(server.url, 'GET', '/api/v4/users/me', { headers: { Cookie: cookie } })).username, 'bob');
      const team = (name: string) => ({ name, display_name: name, type: 'O' });
      assertAppError(await call(server.url, 'POST', '/api/v4/teams', { headers: { Cookie: cookie }, body: team('csrf1') }), 401, SESSION_EXPIRED);
      assertJsonOk(await call(server.url, 'POST', '/api/v4/teams', { headers: { Cookie: cookie, 'X-CSRF-Token': cookies.MMCSRF }, body: team('csrf2') }), 201);
      assertJsonOk(await call(server.url, 'POST', '/api/v4/teams', { headers: { Cookie: cookie, 'X-Requested-With': 'XMLHttpRequest' }, body: team('csrf3') }), 201);
      await admin.patchConfig({ ServiceSettings: { ExperimentalStrictCSRFEnforcement: true } });
      assertAppError(await call(server.url, 'POST', '/api/v4/teams', { headers: { Cookie: cookie, 'X-Requested-With': 'XMLHttpRequest' }, body: team('csrf4') }), 401, SESSION_EXPIRED);
      assertJsonOk(await call(server.url, 'POST', '/api/v4/teams', { headers: { Cookie: cookie, 'X-CSRF-Token': cookies.MMCSRF }, body: team('csrf5') }), 201);
      await admin.patchConfig({ ServiceSettings: { ExperimentalStrictCSRFEnforcement: false } });
      // Another login's CSRF token does not fit this one.
      const other = cookiesOf(await call(server.url, 'POST', '/api/v4/users/login', { body: { login_id: 'bob', password: 'password1' } }));
      assertAppError(await call(server.url, 'POST', '/api/v4/teams', { headers: { Cookie: cookie, 'X-CSRF-Token': other.MMCSRF }, body: team('csrf6') }), 401);
      // Header tokens are never subject to CSRF.
      assertJsonOk(await call(server.url, 'POST', '/api/v4/teams', { token: cookies.MMAUTHTOKEN, body: team('csrf7') }), 201);
      // The cookie is looked at first, as in Mattermost: a stale cookie wins over a good header.
      assertAppError(await call(server.url, 'GET', '/api/v4/users/me', { headers: { Cookie: 'MMAUTHTOKEN=stale', Authorization: `Bearer ${admin.getToken()}` } }), 401);
    });
  });
}
