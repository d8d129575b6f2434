// The server's own bot, which tells hook owners why a hook was switched off, is a reserved identity:
// nobody can sign up under its name, and it is found by the id the server stored when it made it,
// never by its name. On a server upgraded with a human already called `switchboard`, the notices
// come from a real bot under another name and the human gets none of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scryptSync, randomBytes } from 'node:crypto';
import { testDatabaseKinds, createTestDatabase } from './support/databases.js';
import { replyJson, startReceiver, eventually, type Receiver } from './support/receiver.js';
import { createHook, startHookWorld } from './support/hooks.js';
import { clientError } from './support/wire.js';
import { openAtMigration } from './support/older-schema.js';
import { openDatabase } from '../src/store/database.js';
import { migrationProvider } from '../src/store/migrations/index.js';
import { newId } from '../src/adapters/ids.js';

const USERNAME_ERROR = 'model.user.is_valid.username.app_error';

/** A password hash in the stored format, made here so the test does not depend on the code under test. */
function storedHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 1 << 14, r: 8, p: 1 });
  return `scrypt$${1 << 14}$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

const human = (username: string, password: string, extra: Record<string, unknown> = {}) => ({
  id: newId(), create_at: 1, update_at: 1, delete_at: 0, username, email: `${username}-${newId()}@example.com`,
  nickname: '', first_name: '', last_name: '', position: '', roles: 'system_user', locale: 'en',
  is_bot: false, bot_description: '', last_password_update: 1, props: {}, notify_props: {},
  password_hash: storedHash(password), ...extra,
});

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: the system bot cannot be impersonated`, async (t) => {
    const w = await startHookWorld(kind, { TeamSettings: { EnableOpenServer: true } });
    const receivers: Receiver[] = [];
    t.after(async () => {
      for (const r of receivers) await r.close();
      await w.server.stop();
    });
    const { admin, team } = w;

    await t.test('nobody can sign up as the bot, in any spelling', async () => {
      const anon = w.server.client();
      for (const username of ['switchboard', 'Switchboard', 'SWITCHBOARD']) {
        await assert.rejects(
          anon.createUser({ username, email: `${newId()}@example.com`, password: 'password1' }),
          clientError(400, USERNAME_ERROR),
          username,
        );
        await assert.rejects(
          admin.client.createUser({ username, email: `${newId()}@example.com`, password: 'password1' }),
          clientError(400, USERNAME_ERROR),
          `${username} by an admin`,
        );
      }
    });

    await t.test('upgraded with a human called switchboard: notices come from a real bot, never from that human', async () => {
      // Older servers let anyone take the name; this is the row such a server left behind.
      const impostor = human('switchboard', 'password1');
      await w.server.ctx.store.users.insert(impostor);
      const impostorClient = w.server.client();
      await impostorClient.login('switchboard', 'password1');

      const ch = await w.newChannel('bot');
      const r = await startReceiver(replyJson({}, 410));
      receivers.push(r);
      const hook = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [`${r.url}/secret-path?key=s3cr3t`] });
      await w.member.client.createPost({ channel_id: ch.id, message: 'gone?' });

      // The notice is a direct message to the hook's creator from a bot account.
      const bot = await eventually(async () => {
        const all = await admin.client.getProfiles(0, 200);
        return all.find((u: any) => u.is_bot && u.id !== impostor.id);
      }, 30_000);
      assert.notEqual(bot.username, 'switchboard');
      assert.equal(bot.username, 'switchboard-bot');
      const dm = await admin.client.createDirectChannel([admin.id, bot.id]);
      const notice = await eventually(async () => {
        const list = await admin.client.getPosts(dm.id, 0, 50);
        return list.order.map((id: string) => list.posts[id]).find((p: any) => p.message.includes(hook.id));
      }, 30_000);
      assert.equal(notice.user_id, bot.id);
      assert.match(notice.message, /was disabled/);

      // The human called switchboard got nothing: no direct channel with the admin holds the notice.
      const theirDm = await impostorClient.createDirectChannel([impostor.id, admin.id]);
      const theirPosts = await impostorClient.getPosts(theirDm.id, 0, 50);
      assert.deepEqual(theirPosts.order, []);
      const seen = JSON.stringify(await w.server.ctx.store.channels.listForUserInTeam(impostor.id, ''));
      assert.doesNotMatch(seen, new RegExp(bot.id), 'the human shares no channel with the bot');

      // A second notice goes from the same bot, found by its stored id.
      const hook2 = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['again'], callback_urls: [`${r.url}/two`] });
      await w.member.client.createPost({ channel_id: ch.id, message: 'again please' });
      await eventually(async () => {
        const list = await admin.client.getPosts(dm.id, 0, 50);
        return list.order.some((id: string) => list.posts[id].message.includes(hook2.id));
      }, 30_000);
      const bots = (await admin.client.getProfiles(0, 200)).filter((u: any) => u.is_bot);
      assert.deepEqual(bots.map((u: any) => u.id), [bot.id]);
    });

    await t.test('the bot cannot log in, and admins cannot deactivate it, promote it or give it a password', async () => {
      const bot = (await admin.client.getProfiles(0, 200)).find((u: any) => u.is_bot);
      assert.ok(bot, 'the bot exists after the previous case');
      const c = w.server.client();
      await assert.rejects(c.login(bot.username, 'anything1'), clientError(401, 'api.user.login.bot_login_forbidden.app_error'));
      await assert.rejects(admin.client.updateUserPassword(bot.id, '', 'password1'), clientError(403, 'app.user.system_bot.app_error'));
      await assert.rejects(c.login(bot.username, 'password1'), clientError(401));
      await assert.rejects(admin.client.updateUserActive(bot.id, false), clientError(403, 'app.user.system_bot.app_error'));
      await assert.rejects(admin.client.updateUserRoles(bot.id, 'system_user system_admin'), clientError(403, 'app.user.system_bot.app_error'));
      const after = await admin.client.getUser(bot.id);
      assert.equal(after.delete_at, 0);
      assert.equal(after.roles, 'system_user');
    });
  });

  test(`${kind}: upgrading keeps the bot an older server made, and never adopts a human`, async () => {
    const names = Object.keys(await migrationProvider.getMigrations()).sort();
    const before = names[names.indexOf('004-accounts') - 1];
    assert.ok(before, 'the accounts migration is registered after an earlier one');

    for (const legacy of [true, false]) {
      const database = await createTestDatabase(kind);
      try {
        // The schema an older server had, with the rows it may have written.
        const old = await openAtMigration(database, before);
        const row = human('switchboard', 'password1', { is_bot: legacy ? 1 : 0, props: '{}', notify_props: '{}' });
        await old.insertInto('users').values(row as any).execute();
        await old.destroy();
        const opened = await openDatabase(database.driver, database.dataSource);
        try {
          const stored = await opened.db.selectFrom('systems').select('value').where('name', '=', 'SystemBotUserId').executeTakeFirst();
          if (legacy) assert.equal(stored?.value, row.id, 'the bot an older server made is kept');
          else assert.equal(stored, undefined, 'a human called switchboard is never taken for the bot');
        } finally {
          await opened.close();
        }
      } finally {
        await database.drop();
      }
    }
  });
}
