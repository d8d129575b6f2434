// Hooks can never make posting fail: the outbox rows of one post are written in bounded batches
// (one INSERT for them all once went past the databases' bind-variable limit and every post in the
// channel failed with 500), and WebhookSettings bounds the fan-out: callback URLs per hook, hooks
// per channel, team-wide hooks per team, each refused with a clear 400. Callback URLs with control
// characters or spaces are refused as invalid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { createHook, startHookWorld, type HookWorld } from './support/hooks.js';
import { startReceiver } from './support/receiver.js';
import { assertAppError, call } from './support/wire.js';

async function queuedFor(w: HookWorld, hookIds: string[], postId: string) {
  let n = 0;
  for (const id of hookIds) {
    const list = await w.server.ctx.store.deliveries.listForHook(id, undefined, { offset: 0, limit: 1000 });
    n += list.filter((d) => d.post_id === postId).length;
  }
  return n;
}

const rejectsWith = (id: string) => (e: any) => {
  assert.equal(e.status_code, 400, e.message);
  assert.equal(e.server_error_id, id);
  return true;
};

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: outgoing hook fan-out limits`, async (t) => {
    // Every delivery goes to a receiver that never answers: the worker's few requests in flight
    // wait, and the thousands of queued deliveries stay queued instead of loading the machine.
    const w = await startHookWorld(kind, { ServiceSettings: { OutgoingIntegrationRequestsTimeout: 3600 } });
    const silent = await startReceiver(() => new Promise<void>(() => {}));
    t.after(async () => {
      await w.server.stop();
      await silent.close();
    });
    const urls = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${silent.url}/${tag}${i.toString(36)}`);
    const { admin, member, team } = w;
    const feature = (on: boolean) => w.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: on } });

    // 3700 rows of 19 columns: past SQLite's 32766 and PostgreSQL's 65535 bind variables.
    await t.test('a post fanning out past the bind-variable limits (100 hooks of 37 URLs) succeeds and queues every delivery', async () => {
      await w.patchConfig({ WebhookSettings: { MaxCallbackURLsPerHook: 37, MaxHooksPerChannel: 100 } });
      try {
        const ch = await w.newChannel('wide');
        const ids: string[] = [];
        for (let i = 0; i < 100; i++) {
          // Short paths: 37 URLs must fit Mattermost's 1024-character rendering of the list.
          const callbacks = Array.from({ length: 37 }, (_, j) => `${silent.url}/${(i * 37 + j).toString(36)}`);
          ids.push((await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: callbacks })).id);
        }
        const post = await member.client.createPost({ channel_id: ch.id, message: 'one post, 3700 deliveries' });
        await feature(false);
        assert.equal(await queuedFor(w, ids, post.id), 100 * 37);
      } finally {
        await w.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: true }, WebhookSettings: { MaxCallbackURLsPerHook: 10, MaxHooksPerChannel: 50 } });
      }
    });

    await t.test('the defaults: 10 URLs per hook, 50 hooks per channel, 50 team-wide hooks; the full fan-out posts fine', async () => {
      const ch = await w.newChannel('full');
      const channelHooks: any[] = [];
      const teamHooks: any[] = [];
      for (let i = 0; i < 50; i++) channelHooks.push(await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: urls(`c${i}`, 10) }));
      for (let i = 0; i < 50; i++) teamHooks.push(await createHook(admin, { team_id: team.id, trigger_words: ['fan'], callback_urls: urls(`t${i}`, 10) }));
      const post = await member.client.createPost({ channel_id: ch.id, message: 'fan out as far as allowed' });
      await feature(false);
      try {
        assert.equal(await queuedFor(w, [...channelHooks, ...teamHooks].map((h) => h.id), post.id), 100 * 10);
      } finally {
        await feature(true);
      }

      await assert.rejects(
        createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: urls('c50', 1) }),
        rejectsWith('api.webhook.create_outgoing.too_many_channel_hooks.app_error'),
      );
      await assert.rejects(
        createHook(admin, { team_id: team.id, trigger_words: ['fan'], callback_urls: urls('t50', 1) }),
        rejectsWith('api.webhook.create_outgoing.too_many_team_hooks.app_error'),
      );
      const other = await w.newChannel('other');
      await assert.rejects(
        createHook(admin, { team_id: team.id, channel_id: other.id, callback_urls: urls('eleven', 11) }),
        rejectsWith('api.webhook.create_outgoing.too_many_urls.app_error'),
      );
      const free = await createHook(admin, { team_id: team.id, channel_id: other.id, callback_urls: urls('free', 10) });
      await assert.rejects(
        admin.client.updateOutgoingWebhook({ ...free, callback_urls: urls('free', 11) }),
        rejectsWith('api.webhook.update_outgoing.too_many_urls.app_error'),
      );
      await assert.rejects(
        admin.client.updateOutgoingWebhook({ ...free, channel_id: ch.id }),
        rejectsWith('api.webhook.update_outgoing.too_many_channel_hooks.app_error'),
      );
      await assert.rejects(
        admin.client.updateOutgoingWebhook({ ...free, channel_id: '', trigger_words: ['fan'] }),
        rejectsWith('api.webhook.update_outgoing.too_many_team_hooks.app_error'),
      );
      // A hook that stays where it is may be changed even in a full channel.
      const renamed = await admin.client.updateOutgoingWebhook({ ...channelHooks[0], display_name: 'renamed' });
      assert.equal(renamed.display_name, 'renamed');
      // Deleting one makes room again.
      await admin.client.removeOutgoingWebhook(channelHooks[1].id);
      await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: urls('c51', 1) });
    });

    await t.test('the limits are configuration', async () => {
      const ch = await w.newChannel('cfg');
      await w.patchConfig({ WebhookSettings: { MaxCallbackURLsPerHook: 2, MaxHooksPerChannel: 1 } });
      try {
        await assert.rejects(
          createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: urls('cfg', 3) }),
          rejectsWith('api.webhook.create_outgoing.too_many_urls.app_error'),
        );
        await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: urls('cfg', 2) });
        await assert.rejects(
          createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: urls('cfg2', 1) }),
          rejectsWith('api.webhook.create_outgoing.too_many_channel_hooks.app_error'),
        );
      } finally {
        await w.patchConfig({ WebhookSettings: { MaxCallbackURLsPerHook: 10, MaxHooksPerChannel: 50 } });
      }
      const bad = await call(w.server.url, 'PUT', '/api/v4/config/patch', { token: admin.token, body: { WebhookSettings: { MaxCallbackURLsPerHook: 0 } } });
      assertAppError(bad, 400);
    });

    await t.test('callback URLs with control characters or spaces are refused as invalid URLs', async () => {
      const ch = await w.newChannel('ctl');
      // (NUL is refused earlier, with every other string that holds one, as an invalid body.)
      const bad = [
        'http://example.com/a b', 'http://example.com/a\tb', 'http://example.com/\nx', 'http://example.com/\u0001',
        'http://example.com/\u007f', 'http://example.com/\u0085', 'http://example.com/a\u00a0b', 'http://example.com/ ',
        'http://exa mple.com/', 'http://example.com/\u2028',
      ];
      for (const url of bad) {
        await assert.rejects(
          createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [url] }),
          rejectsWith('model.outgoing_hook.is_valid.url.app_error'),
          JSON.stringify(url),
        );
      }
      const ok = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: ['http://example.com/a%20b'] });
      await assert.rejects(
        admin.client.updateOutgoingWebhook({ ...ok, callback_urls: ['http://example.com/a\rb'] }),
        rejectsWith('model.outgoing_hook.is_valid.url.app_error'),
      );
    });
  });
}
