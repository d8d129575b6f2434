// Changing outgoing hooks through the API with the official Client4 (spec §6.3, §6.6-§6.9, §9
// items 58-70): update rules, duplicate and channel checks, the kept token, delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { assertAppError, call, clientError } from './support/wire.js';
import { createHook, startHookWorld } from './support/hooks.js';

const URL = 'http://127.0.0.1:9/hook';
const PERMS = 'api.context.permissions.app_error';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: changing outgoing hooks (§9 items 58-70)`, async (t) => {
    const w = await startHookWorld(kind);
    t.after(() => w.server.stop());
    const { admin, teamAdmin, member, member2, team, otherTeam, town, secret } = w;
    const onlyAdmins = (on: boolean) => w.patchConfig({ ServiceSettings: { EnableOnlyAdminIntegrations: on } });

    await t.test('58. update changes display_name and description, keeps create_at, increases update_at', async () => {
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['u58'], callback_urls: [URL], display_name: 'before' });
      const updated = await admin.client.updateOutgoingWebhook({ ...hook, display_name: 'after', description: 'described' });
      assert.equal(updated.display_name, 'after');
      assert.equal(updated.description, 'described');
      assert.equal(updated.create_at, hook.create_at);
      assert.ok(updated.update_at > hook.update_at);
      assert.deepEqual(await admin.client.getOutgoingWebhook(hook.id), updated);
    });

    await t.test('59. update: unknown id 404; a non-admin of the team 403; another user\'s hook without manage-others 403', async () => {
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['u59'], callback_urls: [URL] });
      await assert.rejects(
        admin.client.updateOutgoingWebhook({ ...hook, id: 'q'.repeat(26) }),
        clientError(404, 'app.webhooks.get_outgoing.app_error'),
      );
      await assert.rejects(member.client.updateOutgoingWebhook({ ...hook, display_name: 'x' }), clientError(403, PERMS));
      await onlyAdmins(false);
      try {
        const theirs = await createHook(member2, { team_id: team.id, trigger_words: ['u59b'], callback_urls: [URL] });
        await assert.rejects(member.client.updateOutgoingWebhook({ ...theirs, display_name: 'x' }), clientError(403, PERMS));
        const own = await createHook(member, { team_id: team.id, trigger_words: ['u59c'], callback_urls: [URL] });
        assert.equal((await member.client.updateOutgoingWebhook({ ...own, display_name: 'mine' })).display_name, 'mine');
      } finally {
        await onlyAdmins(true);
      }
    });

    await t.test('60. a team admin updating a member\'s hook keeps the member as creator_id', async () => {
      const hook = await createHook(admin, { team_id: team.id, creator_id: member.id, trigger_words: ['u60'], callback_urls: [URL] });
      const updated = await teamAdmin.client.updateOutgoingWebhook({ ...hook, display_name: 'by team admin', creator_id: teamAdmin.id });
      assert.equal(updated.creator_id, member.id);
    });

    await t.test('61. update to an existing trigger and URL: same channel 400, different channel 200', async () => {
      const other = await w.newChannel('c61');
      await createHook(admin, { team_id: team.id, channel_id: town.id, trigger_words: ['dup61'], callback_urls: [URL] });
      const hook = await createHook(admin, { team_id: team.id, channel_id: town.id, trigger_words: ['own61'], callback_urls: [URL] });
      await assert.rejects(
        admin.client.updateOutgoingWebhook({ ...hook, trigger_words: ['own61', 'dup61'] }),
        clientError(400, 'api.webhook.update_outgoing.intersect.app_error'),
      );
      const moved = await admin.client.updateOutgoingWebhook({ ...hook, channel_id: other.id, trigger_words: ['own61', 'dup61'] });
      assert.equal(moved.channel_id, other.id);
      // The hook being updated does not conflict with itself.
      assert.equal((await admin.client.updateOutgoingWebhook({ ...moved, description: 'again' })).description, 'again');
    });

    await t.test('62. update to an unknown channel 404; to a private channel 403 not_open', async () => {
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['u62'], callback_urls: [URL] });
      await assert.rejects(
        admin.client.updateOutgoingWebhook({ ...hook, channel_id: 'n'.repeat(26) }),
        clientError(404, 'app.channel.get.existing.app_error'),
      );
      await assert.rejects(
        admin.client.updateOutgoingWebhook({ ...hook, channel_id: secret.id }),
        clientError(403, 'api.webhook.create_outgoing.not_open.app_error'),
      );
    });

    await t.test('63. update to no channel and no trigger words → 400 triggers (D-f)', async () => {
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['u63'], callback_urls: [URL] });
      await assert.rejects(
        admin.client.updateOutgoingWebhook({ ...hook, channel_id: '', trigger_words: [] }),
        clientError(400, 'api.webhook.create_outgoing.triggers.app_error'),
      );
    });

    await t.test('64. moving to a channel of another team → 403 permissions; changing team_id → 400 team_mismatch', async () => {
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['u64'], callback_urls: [URL] });
      const foreign = await admin.client.getChannelByName(otherTeam.id, 'town-square');
      await assert.rejects(
        admin.client.updateOutgoingWebhook({ ...hook, channel_id: foreign.id }),
        clientError(403, 'api.webhook.create_outgoing.permissions.app_error'),
      );
      await assert.rejects(
        admin.client.updateOutgoingWebhook({ ...hook, team_id: otherTeam.id }),
        clientError(400, 'api.webhook.team_mismatch.app_error'),
      );
      // An empty team_id means "unchanged".
      assert.equal((await admin.client.updateOutgoingWebhook({ ...hook, team_id: '' })).team_id, team.id);
      // A body whose id differs from the path is refused before anything else.
      const res = await call(w.server.url, 'PUT', `/api/v4/hooks/outgoing/${hook.id}`, { token: admin.token, body: { ...hook, id: 'k'.repeat(26) } });
      assertAppError(res, 400, 'api.context.invalid_body_param.app_error');
    });

    await t.test('65. a PUT without token, or with a different token, keeps the stored token (D-e)', async () => {
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['u65'], callback_urls: [URL] });
      const { token: _omitted, ...withoutToken } = hook;
      assert.equal((await admin.client.updateOutgoingWebhook(withoutToken)).token, hook.token);
      assert.equal((await admin.client.updateOutgoingWebhook({ ...hook, token: 't'.repeat(26) })).token, hook.token);
      assert.equal((await admin.client.getOutgoingWebhook(hook.id)).token, hook.token);
    });

    await t.test('66. a PUT with a 65-byte display_name → 400 (D-e); nothing is stored', async () => {
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['u66'], callback_urls: [URL] });
      await assert.rejects(
        admin.client.updateOutgoingWebhook({ ...hook, display_name: 'd'.repeat(65) }),
        clientError(400, 'model.outgoing_hook.is_valid.display_name.app_error'),
      );
      assert.equal((await admin.client.getOutgoingWebhook(hook.id)).display_name, hook.display_name);
    });

    await t.test('67. create duplicating another hook\'s channel, trigger and URL → 400 intersect (D-f)', async () => {
      const first = await createHook(admin, { team_id: team.id, trigger_words: ['dup67', 'x67'], callback_urls: [URL, 'http://127.0.0.1:9/b'] });
      await assert.rejects(
        createHook(admin, { team_id: team.id, trigger_words: ['dup67'], callback_urls: [URL] }),
        clientError(400, 'api.webhook.create_outgoing.intersect.app_error'),
      );
      // §6.3: the duplicate rule (step 8) comes before the client-id refusal (step 9), even when the
      // client sends the id of the very hook it duplicates.
      await assert.rejects(
        createHook(admin, { id: first.id, team_id: team.id, trigger_words: ['dup67'], callback_urls: [URL] }),
        clientError(400, 'api.webhook.create_outgoing.intersect.app_error'),
      );
      // Another URL, another channel or another word is no conflict.
      await createHook(admin, { team_id: team.id, trigger_words: ['dup67'], callback_urls: ['http://127.0.0.1:9/c'] });
      await createHook(admin, { team_id: team.id, channel_id: town.id, trigger_words: ['dup67'], callback_urls: [URL] });
    });

    await t.test('68. create bound to a private channel → 403 not_open (D-g)', async () => {
      await assert.rejects(
        createHook(admin, { team_id: team.id, channel_id: secret.id, trigger_words: ['c68'], callback_urls: [URL] }),
        clientError(403, 'api.webhook.create_outgoing.not_open.app_error'),
      );
      const dm = await admin.client.createDirectChannel([admin.id, member.id]);
      await assert.rejects(
        createHook(admin, { team_id: team.id, channel_id: dm.id, trigger_words: ['c68'], callback_urls: [URL] }),
        clientError(403, 'api.webhook.create_outgoing.not_open.app_error'),
      );
    });

    await t.test('69. create with trigger_when -1 → 400 (D-h); 2 → 400; a client id → 400 override', async () => {
      for (const when of [-1, 2]) {
        await assert.rejects(
          createHook(admin, { team_id: team.id, trigger_words: ['c69'], callback_urls: [URL], trigger_when: when }),
          clientError(400, 'model.outgoing_hook.is_valid.content_type.app_error'),
        );
      }
      await assert.rejects(
        createHook(admin, { id: 'i'.repeat(26), team_id: team.id, trigger_words: ['c69'], callback_urls: [URL] }),
        clientError(400, 'app.webhooks.save_outgoing.override.app_error'),
      );
      await assert.rejects(
        createHook(admin, { team_id: team.id, callback_urls: [URL] }),
        clientError(400, 'api.webhook.create_outgoing.triggers.app_error'),
      );
    });

    await t.test('§6.3 order: empty team_id → 403 for a member, 400 team_id for a system admin; bad JSON → 400', async () => {
      await assert.rejects(createHook(member, { team_id: '', trigger_words: ['t63'], callback_urls: [URL] }), clientError(403, PERMS));
      await assert.rejects(
        createHook(admin, { team_id: '', trigger_words: ['t63'], callback_urls: [URL] }),
        clientError(400, 'model.outgoing_hook.is_valid.team_id.app_error'),
      );
      const res = await call(w.server.url, 'POST', '/api/v4/hooks/outgoing', { token: admin.token, body: '{"team_id":', headers: { 'Content-Type': 'application/json' } });
      assertAppError(res, 400, 'api.context.invalid_body_param.app_error');
      const typed = await call(w.server.url, 'POST', '/api/v4/hooks/outgoing', { token: admin.token, body: { team_id: team.id, trigger_words: 'x', callback_urls: [URL] } });
      assertAppError(typed, 400, 'api.context.invalid_body_param.app_error');
    });

    await t.test('items 2-10 at their limits are stored and read back unchanged on this database', async () => {
      const bytes = (x: string) => Buffer.byteLength(x);
      // 120 words that JSON escapes ("\\" and '"') and multi-byte ones; the [a b] rendering is exactly 1024 bytes.
      const words = Array.from({ length: 120 }, (_, i) => (i % 2 ? `"${i}` : `é\\${i}`));
      let rendering = bytes(`[${words.join(' ')}]`);
      words.push('x'.repeat(1024 - rendering - 1));
      rendering = bytes(`[${words.join(' ')}]`);
      assert.equal(rendering, 1024);
      const base = 'http://127.0.0.1:9/';
      const urls = [`${base}${'u'.repeat(1024 - 2 - bytes(base))}`];
      const fields = {
        team_id: team.id, trigger_words: words, callback_urls: urls,
        display_name: `${'€'.repeat(21)}a`, description: 'ü'.repeat(250), content_type: 'c'.repeat(128),
        username: 'ñ'.repeat(32), icon_url: `http://x/${'i'.repeat(1015)}`,
      };
      assert.deepEqual([fields.display_name, fields.description, fields.username, fields.icon_url].map(bytes), [64, 500, 64, 1024]);
      const hook = await createHook(admin, fields);
      const read = await admin.client.getOutgoingWebhook(hook.id);
      for (const [k, v] of Object.entries(fields)) assert.deepEqual(read[k], v, k);
      const again = await admin.client.updateOutgoingWebhook({ ...read, description: 'd'.repeat(500) });
      assert.equal(again.description.length, 500);
    });

    await t.test('70. delete: abc 400; unknown 404; existing 200 {"status":"OK"} then GET 404; without permission 403', async () => {
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['d70'], callback_urls: [URL] });
      await assert.rejects(admin.client.removeOutgoingWebhook('abc'), clientError(400, 'api.context.invalid_url_param.app_error'));
      await assert.rejects(admin.client.removeOutgoingWebhook('u'.repeat(26)), clientError(404, 'app.webhooks.get_outgoing.app_error'));
      await assert.rejects(member.client.removeOutgoingWebhook(hook.id), clientError(403, PERMS));
      assert.deepEqual(await admin.client.removeOutgoingWebhook(hook.id), { status: 'OK' });
      await assert.rejects(admin.client.getOutgoingWebhook(hook.id), clientError(404, 'app.webhooks.get_outgoing.app_error'));
      await assert.rejects(admin.client.removeOutgoingWebhook(hook.id), clientError(404, 'app.webhooks.get_outgoing.app_error'));
      const listed = await admin.client.getOutgoingWebhooks('', team.id, 0, 200);
      assert.ok(!listed.some((h: any) => h.id === hook.id));
      // A deleted hook no longer takes part in the duplicate rule.
      await createHook(admin, { team_id: team.id, trigger_words: ['d70'], callback_urls: [URL] });
    });
  });
}
