// Converting a channel between public and private (PUT /channels/{id}/privacy), and what it means
// for outgoing webhooks: a hook bound to a channel stops firing while the channel is private and
// fires again once it is public (spec §2.1 gate 3: the type at the time of the post decides).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { startReceiver } from './support/receiver.js';
import { createHook, deliveries, finishedDeliveries, startHookWorld } from './support/hooks.js';

const clientError = (status: number, id?: string) => (e: any) => e.status_code === status && (id === undefined || e.server_error_id === id);

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: channel privacy changes and outgoing hooks`, async (t) => {
    const w = await startHookWorld(kind);
    const r = await startReceiver();
    t.after(async () => {
      await r.close();
      await w.server.stop();
    });
    const { admin, member, teamAdmin } = w;
    const ch = await w.newChannel('conv');

    await t.test('who may convert, and what may be converted', async () => {
      await assert.rejects(member.client.updateChannelPrivacy(ch.id, 'P'), clientError(403, 'api.context.permissions.app_error'));
      await assert.rejects(admin.client.updateChannelPrivacy(ch.id, 'X'), clientError(400, 'api.context.invalid_body_param.app_error'));
      await assert.rejects(admin.client.updateChannelPrivacy(w.town.id, 'P'), clientError(400, 'api.channel.update_channel_privacy.default_channel_error'));
      const dm = await admin.client.createDirectChannel([admin.id, member.id]);
      await assert.rejects(admin.client.updateChannelPrivacy(dm.id, 'P'), clientError(400));
      await assert.rejects(admin.client.updateChannelPrivacy('x'.repeat(26), 'P'), clientError(404));
      assert.equal((await teamAdmin.client.updateChannelPrivacy(ch.id, 'P')).type, 'P');
      assert.equal((await admin.client.updateChannelPrivacy(ch.id, 'O')).type, 'O');
      assert.equal((await admin.client.getChannel(ch.id)).type, 'O');
    });

    await t.test('a channel hook stops firing while its channel is private and fires again when public', async () => {
      const hook = await createHook(admin, { team_id: w.team.id, channel_id: ch.id, trigger_words: [], callback_urls: [r.url] });
      const before = await member.client.createPost({ channel_id: ch.id, message: 'public again' });
      await finishedDeliveries(w, hook.id, before.id);
      await admin.client.updateChannelPrivacy(ch.id, 'P');
      const hidden = await member.client.createPost({ channel_id: ch.id, message: 'private now' });
      await admin.client.updateChannelPrivacy(ch.id, 'O');
      const after = await member.client.createPost({ channel_id: ch.id, message: 'public once more' });
      await finishedDeliveries(w, hook.id, after.id);
      const delivered = (await deliveries(w, hook.id)).map((d) => d.post_id);
      assert.ok(!delivered.includes(hidden.id), 'nothing was queued for the post made while private');
      assert.deepEqual(new Set(delivered), new Set([before.id, after.id]));
      assert.deepEqual(r.requests.map((q) => q.json?.post_id ?? q.form.post_id), [before.id, after.id]);
    });
  });
}
