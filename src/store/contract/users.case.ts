// Store contract for users: round-trips, unique usernames and emails, login lookups, the lockout
// counter and account changes. Run by store.case.ts on every database.
import assert from 'node:assert/strict';
import type { ContractCase } from './contract-case.js';
import { assertUniqueViolation } from './contract-case.js';
import { user } from './records.js';

export const usersCases: ContractCase[] = [
  {
    name: 'users round-trip without their password; login lookup ignores case',
    async run(store) {
      const alice = user('alice', { email: 'Alice@Example.com', is_bot: true, props: { k: 'v' } });
      await store.users.insert(alice);
      const got = await store.users.get(alice.id);
      assert.equal(got?.username, 'alice');
      assert.equal(got?.is_bot, true);
      assert.deepEqual(got?.props, { k: 'v' });
      assert.equal((got as any).password_hash, undefined);
      assert.equal((await store.users.getForLogin('ALICE@example.COM'))?.id, alice.id);
      assert.equal((await store.users.getForLogin('Alice'))?.password_hash, 'hash');
      assert.equal((await store.users.getWithPassword(alice.id))?.password_hash, 'hash');
      assert.equal((await store.users.getByUsername('alice'))?.id, alice.id);
      assert.deepEqual((await store.users.getMany([alice.id, 'x'.repeat(26)])).map((u) => u.id), [alice.id]);
      assert.deepEqual(await store.users.getMany([]), []);
    },
  },
  {
    name: 'a taken username, email or id is a UniqueViolation naming its column, and nothing is stored',
    async run(store) {
      const bob = user('bob');
      await store.users.insert(bob);
      const before = await store.users.count();
      await assertUniqueViolation(store.users.insert(user('bob', { email: 'bob2@example.com' })), 'users', ['username']);
      await assertUniqueViolation(store.users.insert(user('bobby', { email: bob.email })), 'users', ['email']);
      await assertUniqueViolation(store.users.insert(user('robert', { id: bob.id })), 'users', ['id']);
      assert.equal(await store.users.count(), before);
    },
  },
  {
    name: 'login attempts lock at the limit, are forgotten after the lockout, and start over',
    async run(store) {
      const u = user('guessed');
      await store.users.insert(u);
      const lock = { maxAttempts: 2, lockoutMs: 1000 };
      assert.equal(await store.users.countLoginAttempt(u.id, 100, lock), true);
      assert.equal(await store.users.countLoginAttempt(u.id, 200, lock), true);
      assert.equal(await store.users.countLoginAttempt(u.id, 300, lock), false, 'locked at the limit');
      assert.equal(await store.users.countLoginAttempt(u.id, 1300, lock), true, 'the last failure is older than the lockout');
      await store.users.clearLoginAttempts(u.id);
      assert.equal(await store.users.countLoginAttempt(u.id, 1301, lock), true);
      assert.equal(await store.users.countLoginAttempt(u.id, 1302, { maxAttempts: 2, lockoutMs: 0 }), true);
      assert.equal(await store.users.countLoginAttempt(u.id, 999_999, { maxAttempts: 2, lockoutMs: 0 }), false, 'lockout 0 never forgets');
      await store.users.setPassword(u.id, 'new-hash', 2000);
      assert.equal(await store.users.countLoginAttempt(u.id, 2001, lock), true, 'a new password starts the count over');
      const changed = await store.users.getWithPassword(u.id);
      assert.deepEqual([changed?.password_hash, changed?.last_password_update, changed?.update_at], ['new-hash', 2000, 2000]);
    },
  },
  {
    name: 'a password hash is upgraded only from the hash it replaces',
    async run(store) {
      const u = user('upgraded', { password_hash: 'old' });
      await store.users.insert(u);
      await store.users.upgradePasswordHash(u.id, 'other', 'stronger');
      assert.equal((await store.users.getWithPassword(u.id))?.password_hash, 'old');
      await store.users.upgradePasswordHash(u.id, 'old', 'stronger');
      assert.equal((await store.users.getWithPassword(u.id))?.password_hash, 'stronger');
    },
  },
  {
    name: 'deactivation and roles: deactivated ids, active system admins',
    async run(store) {
      const admin = user('admin1', { roles: 'system_user system_admin' });
      const gone = user('gone1', { roles: 'system_user system_admin' });
      const plain = user('plain1', { roles: 'system_user not_system_admin' });
      for (const u of [admin, gone, plain]) await store.users.insert(u);
      await store.users.setDeleteAt(gone.id, 50, 50);
      assert.ok((await store.users.listDeactivatedIds()).includes(gone.id));
      assert.ok(!(await store.users.listDeactivatedIds()).includes(admin.id));
      const admins = await store.users.activeSystemAdminIds();
      assert.ok(admins.includes(admin.id));
      assert.ok(!admins.includes(gone.id), 'a deactivated admin is not an active one');
      assert.ok(!admins.includes(plain.id), 'a role that merely contains the word is not system_admin');
      await store.users.setRoles(plain.id, 'system_user system_admin', 60);
      assert.ok((await store.users.activeSystemAdminIds()).includes(plain.id));
      assert.equal((await store.users.get(plain.id))?.update_at, 60);
      await store.users.setDeleteAt(gone.id, 0, 70);
      assert.ok(!(await store.users.listDeactivatedIds()).includes(gone.id));
    },
  },
];
