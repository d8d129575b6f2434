// Password guessing: an account locks after ServiceSettings.MaximumLoginAttempts wrong passwords
// (however many guesses arrive at once) until an admin sets its password or LoginLockoutMinutes
// pass; each client address gets LoginRateLimitPerMinute login attempts a minute, then 429; and
// passwords are hashed with scrypt at N=2^17, older hashes being upgraded at the next login.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { Agent, request } from 'undici';
import { testDatabaseKinds } from './support/databases.js';
import { adminClient, startTestServer, uniqueName, type TestServer } from './support/server.js';
import { assertAppError, call, clientError } from './support/wire.js';
import { login } from '../src/app/sessions.js';
import { newId } from '../src/adapters/ids.js';
import type { AppContext } from '../src/app/context.js';

const INVALID = 'api.user.login.invalid_credentials_email_username';
const TOO_MANY = 'api.user.check_user_login_attempts.too_many.app_error';
const RATE_LIMITED = 'app.user.login.rate_limited.app_error';
const CURRENT_COST = 'scrypt$131072$8$1$';

/** A hash at the cost older Switchboard versions used, made here independently of the code under test. */
function olderHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${1 << 15}$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

async function newUser(server: TestServer, admin: any, password = 'password1') {
  const username = uniqueName('u');
  const user = await admin.createUser({ username, email: `${username}@example.com`, password });
  return { ...user, password };
}

const storedHashOf = async (server: TestServer, id: string) => (await server.ctx.store.users.getWithPassword(id))!.password_hash;

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: password guessing`, async (t) => {
    const server = await startTestServer(kind);
    t.after(() => server.stop());
    const { client: admin } = await adminClient(server);

    await t.test('ten wrong passwords lock the account: then even the right one is refused, by name, email or id', async () => {
      const victim = await newUser(server, admin);
      const bystander = await newUser(server, admin);
      const c = server.client();
      for (let i = 0; i < 10; i++) await assert.rejects(c.login(victim.username, `wrong-${i}`), clientError(401, INVALID), `guess ${i}`);
      await assert.rejects(c.login(victim.username, victim.password), clientError(401, TOO_MANY));
      await assert.rejects(c.login(victim.email, victim.password), clientError(401, TOO_MANY));
      const byId = await call(server.url, 'POST', '/api/v4/users/login', { body: { id: victim.id, password: victim.password } });
      assertAppError(byId, 401, TOO_MANY);
      // Only that account is locked.
      assert.equal((await c.login(bystander.username, bystander.password)).id, bystander.id);
    });

    await t.test('twenty-five guesses at once: exactly MaximumLoginAttempts of them are checked', async () => {
      const victim = await newUser(server, admin);
      const results = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => server.client().login(victim.username, `guess-${i}`)));
      const ids = results.map((r) => (r.status === 'rejected' ? r.reason.server_error_id : 'logged in'));
      assert.equal(ids.filter((id) => id === INVALID).length, 10, ids.join(' '));
      assert.equal(ids.filter((id) => id === TOO_MANY).length, 15, ids.join(' '));
      await assert.rejects(server.client().login(victim.username, victim.password), clientError(401, TOO_MANY));
    });

    // Each password check costs a full hash, so the cases below lock accounts after three.
    await t.test('MaximumLoginAttempts is read live; a success resets the count', async () => {
      await admin.patchConfig({ ServiceSettings: { MaximumLoginAttempts: 3 } });
      const victim = await newUser(server, admin);
      const c = server.client();
      for (let i = 0; i < 2; i++) await assert.rejects(c.login(victim.username, `wrong-${i}`), clientError(401, INVALID));
      await c.login(victim.username, victim.password);
      for (let i = 0; i < 3; i++) await assert.rejects(c.login(victim.username, `wrong-${i}`), clientError(401, INVALID));
      await assert.rejects(c.login(victim.username, victim.password), clientError(401, TOO_MANY));
    });

    await t.test('an admin setting the password unlocks the account', async () => {
      const victim = await newUser(server, admin);
      const c = server.client();
      for (let i = 0; i < 3; i++) await assert.rejects(c.login(victim.username, `wrong-${i}`), clientError(401, INVALID));
      await assert.rejects(c.login(victim.username, victim.password), clientError(401, TOO_MANY));
      await admin.updateUserPassword(victim.id, '', 'a-new-password');
      assert.equal((await c.login(victim.username, 'a-new-password')).id, victim.id);
      // The count starts over: two more failures do not lock it.
      for (let i = 0; i < 2; i++) await assert.rejects(c.login(victim.username, `again-${i}`), clientError(401, INVALID));
      assert.equal((await c.login(victim.username, 'a-new-password')).id, victim.id);
    });

    await t.test('the lock ends LoginLockoutMinutes after the last failure', async () => {
      const victim = await newUser(server, admin);
      // The same server and database, with a clock the test moves.
      let now = Date.now();
      const ctx: AppContext = { ...server.ctx, clock: { now: () => now } };
      const attempt = (password: string) => login(ctx, { loginId: victim.username }, password).then(() => 'ok', (e) => e.id as string);
      for (let i = 0; i < 3; i++) {
        now += 60_000;
        assert.equal(await attempt(`wrong-${i}`), INVALID);
      }
      const lastFailure = now;
      const lockoutMs = server.ctx.config.get().ServiceSettings.LoginLockoutMinutes * 60_000;
      assert.ok(lockoutMs > 0, 'the lock times out by default');
      now = lastFailure + lockoutMs - 1;
      assert.equal(await attempt(victim.password), TOO_MANY);
      now = lastFailure + lockoutMs;
      assert.equal(await attempt(victim.password), 'ok');
    });

    await t.test('each client address gets LoginRateLimitPerMinute attempts, then 429 with Retry-After', async () => {
      await admin.patchConfig({ ServiceSettings: { LoginRateLimitPerMinute: 3 } });
      const otherAddress = new Agent({ localAddress: '127.0.0.2' });
      try {
        const attempt = () => call(server.url, 'POST', '/api/v4/users/login', { body: { login_id: `nobody-${newId()}`, password: 'password1' } });
        for (let i = 0; i < 3; i++) assertAppError(await attempt(), 401, INVALID, `attempt ${i}`);
        const refused = await attempt();
        assertAppError(refused, 429, RATE_LIMITED);
        const retryAfter = Number(refused.headers.get('retry-after'));
        assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${refused.headers.get('retry-after')}`);
        await assert.rejects(server.client().login('bob', 'password1'), clientError(429, RATE_LIMITED));
        // Another address is not held back by this one.
        const res = await request(`${server.url}/api/v4/users/login`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ login_id: `nobody-${newId()}`, password: 'password1' }),
          dispatcher: otherAddress,
        });
        assert.equal(res.statusCode, 401, await res.body.text());
      } finally {
        await otherAddress.close();
        await admin.patchConfig({ ServiceSettings: { LoginRateLimitPerMinute: 1000 } });
      }
    });

    await t.test('new passwords are hashed with scrypt N=2^17; an older hash is upgraded at the next good login', async () => {
      const fresh = await newUser(server, admin);
      assert.ok((await storedHashOf(server, fresh.id)).startsWith(CURRENT_COST));

      const username = uniqueName('old');
      const id = newId();
      await server.ctx.store.users.insert({
        id, create_at: 1, update_at: 1, delete_at: 0, username, email: `${username}@example.com`, nickname: '', first_name: '',
        last_name: '', position: '', roles: 'system_user', locale: 'en', is_bot: false, bot_description: '',
        last_password_update: 1, props: {}, notify_props: {}, password_hash: olderHash('old-password'),
      });
      const c = server.client();
      await assert.rejects(c.login(username, 'not-it'), clientError(401, INVALID));
      assert.ok((await storedHashOf(server, id)).startsWith('scrypt$32768$'), 'a wrong password changes nothing');
      assert.equal((await c.login(username, 'old-password')).id, id);
      const upgraded = await storedHashOf(server, id);
      assert.ok(upgraded.startsWith(CURRENT_COST), upgraded.slice(0, 20));
      assert.equal((await server.client().login(username, 'old-password')).id, id, 'the upgraded hash still takes the same password');
    });
  });
}
