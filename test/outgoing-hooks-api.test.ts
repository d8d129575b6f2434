// The outgoing-hook management API with the official Client4 (spec §6, §9 items 43-57): create,
// permissions with EnableOnlyAdminIntegrations on and off, list scopes and paging, get, regen_token,
// 401 without a session and 501 while the feature is off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { assertAppError, call, clientError } from './support/wire.js';
import { createHook, startHookWorld } from './support/hooks.js';

const URL = 'http://127.0.0.1:9/hook';
const PERMS = 'api.context.permissions.app_error';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: outgoing hook management API (§9 items 43-57)`, async (t) => {
    const w = await startHookWorld(kind);
    t.after(() => w.server.stop());
    const { admin, teamAdmin, member, member2, team, otherTeam, town } = w;
    const onlyAdmins = (on: boolean) => w.patchConfig({ ServiceSettings: { EnableOnlyAdminIntegrations: on } });

    await t.test('43. a system admin creates a hook: 201, creator_id = the admin, team_id as given', async () => {
      const res = await call(w.server.url, 'POST', '/api/v4/hooks/outgoing', {
        token: admin.token, body: { team_id: team.id, trigger_words: ['fortythree'], callback_urls: [URL] },
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.creator_id, admin.id);
      assert.equal(res.json.team_id, team.id);
      assert.deepEqual(Object.keys(res.json).slice(0, 16), [
        'id', 'token', 'create_at', 'update_at', 'delete_at', 'creator_id', 'channel_id', 'team_id', 'trigger_words',
        'trigger_when', 'callback_urls', 'display_name', 'description', 'content_type', 'username', 'icon_url',
      ]);
      assert.equal(res.json.disabled_at, 0);
      // 14. id and token from the base32 alphabet; create_at == update_at; lists always arrays.
      assert.match(res.json.id, /^[ybndrfg8ejkmcpqxot1uwisza345h769]{26}$/);
      assert.match(res.json.token, /^[ybndrfg8ejkmcpqxot1uwisza345h769]{26}$/);
      assert.equal(res.json.create_at, res.json.update_at);
      const nulls = await call(w.server.url, 'POST', '/api/v4/hooks/outgoing', {
        token: admin.token, body: { team_id: team.id, channel_id: town.id, trigger_words: null, callback_urls: [URL] },
      });
      assert.equal(nulls.status, 201, nulls.text);
      assert.deepEqual(nulls.json.trigger_words, []);
      // A system admin may act in a team they are not a member of.
      const foreign = await teamAdmin.client.createTeam({ name: `${team.name}x`, display_name: 'Foreign', type: 'O' });
      const there = await createHook(admin, { team_id: foreign.id, trigger_words: ['x'], callback_urls: [URL] });
      assert.equal(there.team_id, foreign.id);
    });

    await t.test('44. channel_id "junk" → 404', async () => {
      await assert.rejects(
        createHook(admin, { team_id: team.id, channel_id: 'junk', trigger_words: ['x'], callback_urls: [URL] }),
        clientError(404, 'app.channel.get.existing.app_error'),
      );
    });

    await t.test('45. team admin 201; member 403 with EnableOnlyAdminIntegrations on, 201 with it off', async () => {
      const byTeamAdmin = await createHook(teamAdmin, { team_id: team.id, trigger_words: ['ta45'], callback_urls: [URL] });
      assert.equal(byTeamAdmin.creator_id, teamAdmin.id);
      await assert.rejects(createHook(member, { team_id: team.id, trigger_words: ['m45'], callback_urls: [URL] }), clientError(403, PERMS));
      await onlyAdmins(false);
      try {
        const own = await createHook(member, { team_id: team.id, trigger_words: ['m45'], callback_urls: [URL] });
        assert.equal(own.creator_id, member.id);
        // A member still needs manage-others to create for somebody else, and cannot act in a team they are not in.
        await assert.rejects(createHook(member, { team_id: team.id, creator_id: member2.id, trigger_words: ['m45b'], callback_urls: [URL] }), clientError(403, PERMS));
        await assert.rejects(createHook(member, { team_id: otherTeam.id, trigger_words: ['m45c'], callback_urls: [URL] }), clientError(403, PERMS));
      } finally {
        await onlyAdmins(true);
      }
    });

    await t.test('46. an admin creating with creator_id of another user stores that user', async () => {
      const hook = await createHook(admin, { team_id: team.id, creator_id: member.id, trigger_words: ['h46'], callback_urls: [URL] });
      assert.equal(hook.creator_id, member.id);
      assert.equal((await admin.client.getOutgoingWebhook(hook.id)).creator_id, member.id);
    });

    await t.test('47. creator_id of an unknown user → 404; of another user without manage-others → 403', async () => {
      await assert.rejects(
        createHook(admin, { team_id: team.id, creator_id: 'a'.repeat(26), trigger_words: ['h47'], callback_urls: [URL] }),
        clientError(404, 'app.user.missing_account.const'),
      );
      await onlyAdmins(false);
      try {
        await assert.rejects(
          createHook(member, { team_id: team.id, creator_id: member2.id, trigger_words: ['h47'], callback_urls: [URL] }),
          clientError(403, PERMS),
        );
      } finally {
        await onlyAdmins(true);
      }
    });

    await t.test('48. feature off → 501 on create, get, update, delete and regen (list too, after its permission check)', async () => {
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['h48'], callback_urls: [URL] });
      await w.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: false } });
      try {
        const off = clientError(501, 'api.outgoing_webhook.disabled.app_error');
        await assert.rejects(createHook(admin, { team_id: team.id, trigger_words: ['h48b'], callback_urls: [URL] }), off);
        await assert.rejects(admin.client.getOutgoingWebhook(hook.id), off);
        await assert.rejects(admin.client.updateOutgoingWebhook({ ...hook, display_name: 'x' }), off);
        await assert.rejects(admin.client.removeOutgoingWebhook(hook.id), off);
        await assert.rejects(admin.client.regenOutgoingHookToken(hook.id), off);
        await assert.rejects(admin.client.getOutgoingWebhooks('', team.id), off);
        // Create and list check permissions first (§6.1): a plain member still gets 403.
        await assert.rejects(createHook(member, { team_id: team.id, trigger_words: ['h48c'], callback_urls: [URL] }), clientError(403, PERMS));
        await assert.rejects(member.client.getOutgoingWebhooks(), clientError(403, PERMS));
        // Get answers 501 before any permission check.
        await assert.rejects(member.client.getOutgoingWebhook(hook.id), off);
      } finally {
        await w.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: true } });
      }
      assert.equal((await admin.client.getOutgoingWebhook(hook.id)).id, hook.id);
    });

    await t.test('49. list with per_page=1 returns exactly one hook; paging walks them in create order', async () => {
      const all = await admin.client.getOutgoingWebhooks('', team.id, 0, 200);
      assert.ok(all.length >= 3);
      const sorted = [...all].sort((a: any, b: any) => a.create_at - b.create_at || (a.id < b.id ? -1 : 1));
      assert.deepEqual(all.map((h: any) => h.id), sorted.map((h: any) => h.id));
      const first = await admin.client.getOutgoingWebhooks('', team.id, 0, 1);
      const second = await admin.client.getOutgoingWebhooks('', team.id, 1, 1);
      assert.equal(first.length, 1);
      assert.equal(second.length, 1);
      assert.deepEqual([first[0].id, second[0].id], [all[0].id, all[1].id]);
      const legacy = await call(w.server.url, 'GET', `/api/v4/hooks/outgoing?team_id=${team.id}&pageSize=1`, { token: admin.token });
      assert.equal(legacy.json.length, 1);
    });

    await t.test('50. list by team; an unknown team → [] for a system admin', async () => {
      const hooks = await admin.client.getOutgoingWebhooks('', team.id);
      assert.ok(hooks.every((h: any) => h.team_id === team.id));
      assert.deepEqual(await admin.client.getOutgoingWebhooks('', 'u'.repeat(26)), []);
      const everything = await admin.client.getOutgoingWebhooks();
      assert.ok(everything.length >= hooks.length);
      // An empty team_id (or channel_id) is an absent one, as in Mattermost: the system-wide list.
      const blank = await call(w.server.url, 'GET', '/api/v4/hooks/outgoing?channel_id=&team_id=&per_page=200', { token: admin.token });
      assert.equal(blank.status, 200);
      assert.deepEqual(blank.json.map((h: any) => h.id), (await admin.client.getOutgoingWebhooks('', '', 0, 200)).map((h: any) => h.id));
    });

    await t.test('51. list by an unknown channel → 403, even for a system admin', async () => {
      await assert.rejects(admin.client.getOutgoingWebhooks('c'.repeat(26)), clientError(403, PERMS));
    });

    await t.test('52-53. member with EnableOnlyAdminIntegrations off: scopes, and only own hooks; team admin sees all', async () => {
      await onlyAdmins(false);
      try {
        const bound = await createHook(admin, { team_id: team.id, channel_id: town.id, callback_urls: [URL] });
        const mine = await createHook(member, { team_id: team.id, channel_id: town.id, trigger_words: ['mine52'], callback_urls: [URL] });
        const random = await admin.client.createChannel({ team_id: otherTeam.id, name: 'random52', display_name: 'r', type: 'O' });
        await assert.rejects(member.client.getOutgoingWebhooks(), clientError(403, PERMS)); // system-wide
        const ownTeam = await member.client.getOutgoingWebhooks('', team.id);
        assert.ok(ownTeam.length >= 1);
        assert.ok(ownTeam.every((h: any) => h.creator_id === member.id), 'a member sees only their own hooks');
        await assert.rejects(member.client.getOutgoingWebhooks('', otherTeam.id), clientError(403, PERMS));
        const ownChannel = await member.client.getOutgoingWebhooks(town.id);
        assert.deepEqual(ownChannel.map((h: any) => h.id), [mine.id]);
        await assert.rejects(member.client.getOutgoingWebhooks(random.id), clientError(403, PERMS));
        const seenByTeamAdmin = (await teamAdmin.client.getOutgoingWebhooks(town.id)).map((h: any) => h.id);
        assert.ok(seenByTeamAdmin.includes(bound.id) && seenByTeamAdmin.includes(mine.id));
      } finally {
        await onlyAdmins(true);
      }
      // With the restriction back on, the member may not even list their own.
      await assert.rejects(member.client.getOutgoingWebhooks('', team.id), clientError(403, PERMS));
    });

    await t.test('54. a member cannot GET another member\'s hook (403); the creator can', async () => {
      await onlyAdmins(false);
      try {
        const hook = await createHook(member2, { team_id: team.id, trigger_words: ['h54'], callback_urls: [URL] });
        await assert.rejects(member.client.getOutgoingWebhook(hook.id), clientError(403, PERMS));
        assert.equal((await member2.client.getOutgoingWebhook(hook.id)).id, hook.id);
        assert.equal((await teamAdmin.client.getOutgoingWebhook(hook.id)).id, hook.id);
      } finally {
        await onlyAdmins(true);
      }
    });

    await t.test('55. every endpoint without authentication → 401', async () => {
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['h55'], callback_urls: [URL] });
      const id = hook.id;
      for (const [method, path, body] of [
        ['POST', '/api/v4/hooks/outgoing', { team_id: team.id, trigger_words: ['x'], callback_urls: [URL] }],
        ['GET', `/api/v4/hooks/outgoing?team_id=${team.id}`],
        ['GET', `/api/v4/hooks/outgoing/${id}`],
        ['PUT', `/api/v4/hooks/outgoing/${id}`, { ...hook }],
        ['DELETE', `/api/v4/hooks/outgoing/${id}`],
        ['POST', `/api/v4/hooks/outgoing/${id}/regen_token`],
      ] as const) {
        const res = await call(w.server.url, method, path, { body });
        assertAppError(res, 401, 'api.context.session_expired.app_error', `${method} ${path}`);
      }
      assert.equal((await admin.client.getOutgoingWebhook(id)).token, hook.token);
    });

    await t.test('56. GET by id: admin 200; unknown id 404; /hooks/outgoing/ 404; junk 400', async () => {
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['h56'], callback_urls: [URL] });
      assert.deepEqual(await admin.client.getOutgoingWebhook(hook.id), hook);
      await assert.rejects(admin.client.getOutgoingWebhook('z'.repeat(26)), clientError(404, 'app.webhooks.get_outgoing.app_error'));
      assertAppError(await call(w.server.url, 'GET', '/api/v4/hooks/outgoing/', { token: admin.token }), 404, 'api.context.404.app_error');
      assertAppError(await call(w.server.url, 'GET', '/api/v4/hooks/outgoing/junk', { token: admin.token }), 400, 'api.context.invalid_url_param.app_error');
    });

    await t.test('57. regen_token: junk 400; admin 200 with a new token; member without permission 403', async () => {
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['h57'], callback_urls: [URL] });
      await assert.rejects(admin.client.regenOutgoingHookToken('junk'), clientError(400, 'api.context.invalid_url_param.app_error'));
      // Client4 sends no body and no Content-Type; that must be accepted (§6.8).
      const regen = await admin.client.regenOutgoingHookToken(hook.id);
      assert.equal(regen.id, hook.id);
      assert.match(regen.token, /^[a-z0-9]{26}$/);
      assert.notEqual(regen.token, hook.token);
      assert.ok(regen.update_at > hook.update_at);
      assert.equal((await admin.client.getOutgoingWebhook(hook.id)).token, regen.token);
      await assert.rejects(member.client.regenOutgoingHookToken(hook.id), clientError(403, PERMS));
    });
  });
}
