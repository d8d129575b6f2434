// Governing accounts through the official client (Client4): deactivating and reactivating users
// (PUT /users/{id}/active), passwords (PUT /users/{id}/password) and system roles
// (PUT /users/{id}/roles), with Mattermost's bodies, status codes and error ids; the server always
// keeps an active system admin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { adminClient, startTestServer, uniqueName, type Client, type TestServer } from './support/server.js';
import { assertAppError, assertJsonOk, call, clientError } from './support/wire.js';
import { newId } from '../src/adapters/ids.js';

const SESSION_EXPIRED = 'api.context.session_expired.app_error';
const OK = { status: 'OK' };

/** A new user and `sessions` logged-in clients of theirs. */
async function person(server: TestServer, admin: Client, sessions = 1) {
  const username = uniqueName('p');
  const user = await admin.createUser({ username, email: `${username}@example.com`, password: 'password1' });
  const clients: Client[] = [];
  for (let i = 0; i < sessions; i++) {
    const c = server.client();
    await c.login(username, 'password1');
    clients.push(c);
  }
  return { user, client: clients[0], clients, tokens: clients.map((c) => c.getToken() as string) };
}

const rejectsWith = (promise: Promise<unknown>, status: number, id?: string) => assert.rejects(promise, clientError(status, id));

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: governing accounts`, async (t) => {
    const server = await startTestServer(kind);
    t.after(() => server.stop());
    const { client: admin, user: adminUser } = await adminClient(server);
    const put = (path: string, body: unknown, token = admin.getToken()) => call(server.url, 'PUT', `/api/v4/users/${path}`, { token, body });

    await t.test('deactivation ends every session at once and stops logins; reactivation allows them again', async () => {
      const bob = await person(server, admin, 2);
      assert.deepEqual(await admin.updateUserActive(bob.user.id, false), OK);
      for (const token of bob.tokens) await rejectsWith(server.client(token).getMe(), 401, SESSION_EXPIRED);
      await rejectsWith(server.client().login(bob.user.username, 'password1'), 401, 'api.user.login.inactive.app_error');
      assert.ok((await admin.getUser(bob.user.id)).delete_at > 0);
      // Deactivating again changes nothing.
      assert.deepEqual(await admin.updateUserActive(bob.user.id, false), OK);

      assert.deepEqual(await admin.updateUserActive(bob.user.id, true), OK);
      assert.equal((await admin.getUser(bob.user.id)).delete_at, 0);
      const again = server.client();
      assert.equal((await again.login(bob.user.username, 'password1')).id, bob.user.id);
      // Sessions that were ended stay ended.
      for (const token of bob.tokens) await rejectsWith(server.client(token).getMe(), 401, SESSION_EXPIRED);
    });

    await t.test('active: system admins only; nobody deactivates themselves; bad input is 400', async () => {
      const bob = await person(server, admin);
      const carol = await person(server, admin);
      await rejectsWith(bob.client.updateUserActive(carol.user.id, false), 403, 'api.user.update_active.permissions.app_error');
      await rejectsWith(bob.client.updateUserActive(carol.user.id, true), 403, 'api.user.update_active.permissions.app_error');
      await rejectsWith(bob.client.updateUserActive(bob.user.id, false), 401, 'api.user.update_active.not_enable.app_error');
      await rejectsWith(admin.updateUserActive(adminUser.id, false), 401, 'api.user.update_active.not_enable.app_error');
      assertAppError(await put('me/active', { active: false }), 401, 'api.user.update_active.not_enable.app_error');
      await rejectsWith(admin.updateUserActive(newId(), false), 404, 'app.user.missing_account.const');
      assertAppError(await put('not-an-id/active', { active: false }), 400, 'api.context.invalid_url_param.app_error');
      for (const body of [{ active: 'false' }, { active: 0 }, {}, [false], undefined]) {
        assertAppError(await put(`${carol.user.id}/active`, body), 400, 'api.context.invalid_body_param.app_error', JSON.stringify(body));
      }
      assertAppError(await call(server.url, 'PUT', `/api/v4/users/${carol.user.id}/active`, { body: { active: false } }), 401, SESSION_EXPIRED);
      assert.equal((await admin.getUser(carol.user.id)).delete_at, 0, 'nothing above changed carol');
    });

    await t.test('own password: the current one is required and checked; other sessions end, this one stays', async () => {
      const carol = await person(server, admin, 2);
      const [mine, other] = carol.clients;
      await rejectsWith(mine.updateUserPassword(carol.user.id, '', 'new-password'), 400, 'api.context.invalid_body_param.app_error');
      await rejectsWith(mine.updateUserPassword(carol.user.id, 'not-it', 'new-password'), 400, 'api.user.update_password.incorrect.app_error');
      await rejectsWith(mine.updateUserPassword(carol.user.id, 'password1', 'short'), 400, 'model.user.is_valid.pwd_length.app_error');
      assert.equal((await other.getMe()).id, carol.user.id, 'refused changes end nothing');

      assert.deepEqual(await mine.updateUserPassword(carol.user.id, 'password1', 'new-password'), OK);
      assert.equal((await mine.getMe()).id, carol.user.id, 'the session that changed it stays');
      await rejectsWith(other.getMe(), 401, SESSION_EXPIRED);
      await rejectsWith(server.client().login(carol.user.username, 'password1'), 401, 'api.user.login.invalid_credentials_email_username');
      assert.equal((await server.client().login(carol.user.username, 'new-password')).id, carol.user.id);
      // `me` works as in every user route.
      assert.deepEqual(assertJsonOk(await put('me/password', { current_password: 'new-password', new_password: 'newer-password' }, mine.getToken())), OK);
      assert.equal((await server.client().login(carol.user.username, 'newer-password')).id, carol.user.id);
    });

    await t.test('a wrong current password counts towards the lock, so a stolen session cannot guess it', async () => {
      await admin.patchConfig({ ServiceSettings: { MaximumLoginAttempts: 3 } });
      try {
        const dave = await person(server, admin);
        for (let i = 0; i < 3; i++) {
          await rejectsWith(dave.client.updateUserPassword(dave.user.id, `guess-${i}`, 'new-password'), 400, 'api.user.update_password.incorrect.app_error');
        }
        const locked = 'api.user.check_user_login_attempts.too_many.app_error';
        await rejectsWith(dave.client.updateUserPassword(dave.user.id, 'password1', 'new-password'), 401, locked);
        await rejectsWith(server.client().login(dave.user.username, 'password1'), 401, locked);
        await admin.updateUserPassword(dave.user.id, '', 'from-the-admin');
        assert.equal((await server.client().login(dave.user.username, 'from-the-admin')).id, dave.user.id);
      } finally {
        await admin.patchConfig({ ServiceSettings: { MaximumLoginAttempts: 10 } });
      }
    });

    await t.test("someone else's password: system admins only, no current password needed; all their sessions end", async () => {
      const bob = await person(server, admin);
      const erin = await person(server, admin, 2);
      await rejectsWith(bob.client.updateUserPassword(erin.user.id, 'password1', 'new-password'), 403, 'api.user.update_password.context.app_error');
      await rejectsWith(admin.updateUserPassword(erin.user.id, '', 'short'), 400, 'model.user.is_valid.pwd_length.app_error');
      await rejectsWith(admin.updateUserPassword(newId(), '', 'new-password'), 404, 'app.user.missing_account.const');
      assert.equal((await erin.client.getMe()).id, erin.user.id);

      assert.deepEqual(await admin.updateUserPassword(erin.user.id, '', 'set-by-admin'), OK);
      for (const c of erin.clients) await rejectsWith(c.getMe(), 401, SESSION_EXPIRED);
      assert.equal((await admin.getMe()).id, adminUser.id, "the admin's own session is untouched");
      assert.equal((await server.client().login(erin.user.username, 'set-by-admin')).id, erin.user.id);
      assert.ok((await admin.getUser(erin.user.id)).last_password_update > erin.user.last_password_update);
      for (const body of [{ new_password: 5 }, { current_password: [], new_password: 'new-password' }, undefined]) {
        assertAppError(await put(`${erin.user.id}/password`, body), 400, undefined, JSON.stringify(body));
      }
    });

    await t.test('roles: system admins promote and demote; only the roles Switchboard has; the change applies at once', async () => {
      const bob = await person(server, admin);
      await rejectsWith(bob.client.updateUserRoles(bob.user.id, 'system_user system_admin'), 403, 'api.context.permissions.app_error');
      for (const roles of ['system_admin', 'System_User', 'system_user, system_admin', '', 'system_admin system_admin']) {
        await rejectsWith(admin.updateUserRoles(bob.user.id, roles), 400, 'api.context.invalid_body_param.app_error');
      }
      await rejectsWith(admin.updateUserRoles(bob.user.id, 'system_user team_admin'), 400, 'app.role.check_roles_exist.role_not_found');
      await rejectsWith(admin.updateUserRoles(newId(), 'system_user'), 404, 'app.user.missing_account.const');
      assertAppError(await put(`${bob.user.id}/roles`, { roles: ['system_user'] }), 400, 'api.context.invalid_body_param.app_error');
      await rejectsWith(bob.client.getConfig(), 403);

      assert.deepEqual(await admin.updateUserRoles(bob.user.id, ' system_admin  system_user '), OK);
      assert.equal((await admin.getUser(bob.user.id)).roles, 'system_user system_admin');
      assert.equal(typeof (await bob.client.getConfig()).ServiceSettings, 'object', 'the same session is an admin now');

      assert.deepEqual(await admin.updateUserRoles(bob.user.id, 'system_user'), OK);
      assert.equal((await admin.getUser(bob.user.id)).roles, 'system_user');
      await rejectsWith(bob.client.getConfig(), 403);
    });

    await t.test('the last active system admin cannot be demoted; a deactivated admin does not count', async () => {
      await rejectsWith(admin.updateUserRoles(adminUser.id, 'system_user'), 400, 'app.user.update_roles.last_admin.app_error');
      const frank = await person(server, admin);
      await admin.updateUserRoles(frank.user.id, 'system_user system_admin');
      await admin.updateUserActive(frank.user.id, false);
      await rejectsWith(admin.updateUserRoles(adminUser.id, 'system_user'), 400, 'app.user.update_roles.last_admin.app_error');
      await admin.updateUserActive(frank.user.id, true);
      const frankClient = server.client();
      await frankClient.login(frank.user.username, 'password1');
      // With frank active again there are two: the first admin may step down, and frank restores them.
      assert.deepEqual(await admin.updateUserRoles(adminUser.id, 'system_user'), OK);
      await rejectsWith(admin.getConfig(), 403);
      await frankClient.updateUserRoles(adminUser.id, 'system_admin system_user');
      await frankClient.updateUserRoles(frank.user.id, 'system_user');
      assert.equal(typeof (await admin.getConfig()).ServiceSettings, 'object');
    });

    await t.test('two admins deactivating each other at once: one wins, one admin always remains', async () => {
      const gina = await person(server, admin);
      await admin.updateUserRoles(gina.user.id, 'system_user system_admin');
      // The first admin's own sessions stay usable: another session of theirs restores order afterwards.
      const outcomes = await Promise.allSettled([
        admin.updateUserActive(gina.user.id, false),
        gina.client.updateUserActive(adminUser.id, false),
      ]);
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1, JSON.stringify(outcomes.map((o) => (o.status === 'rejected' ? o.reason.server_error_id : 'ok'))));
      for (const o of outcomes) {
        if (o.status === 'rejected') assert.ok(['app.user.update_active.last_admin.app_error', SESSION_EXPIRED].includes(o.reason.server_error_id), o.reason.server_error_id);
      }
      const active = (await Promise.all([adminUser.id, gina.user.id].map((id) => server.ctx.store.users.get(id)))).filter((u) => u!.delete_at === 0);
      assert.equal(active.length, 1);
      // Whoever is left brings the other back, so the server is as before.
      const survivor = active[0]!.id === adminUser.id ? admin : gina.client;
      await survivor.updateUserActive(active[0]!.id === adminUser.id ? gina.user.id : adminUser.id, true);
      if (survivor !== admin) await admin.login(adminUser.username, 'password1');
      await admin.updateUserRoles(gina.user.id, 'system_user');
    });
  });
}

