// Posts that must never fire a hook (spec §2.1, §2.6; §9 items 25-27) and the loop guard: private
// channels, DMs, edits, deleted hooks, the feature switched off, webhook replies themselves, and
// hooks whose creator is deactivated.
// Deliveries are written in the post's own transaction, so "no delivery for this post" is exact the
// moment the post is created; each case also has a positive control that does fire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { replyJson, startReceiver, type Receiver } from './support/receiver.js';
import { createHook, deliveries, finishedDeliveries, startHookWorld, webhookPosts } from './support/hooks.js';
import { call } from './support/wire.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: posts that never fire outgoing hooks (§9 items 25-27, no loops)`, async (t) => {
    const w = await startHookWorld(kind);
    const receivers: Receiver[] = [];
    t.after(async () => {
      for (const r of receivers) await r.close();
      await w.server.stop();
    });
    const { admin, member, team, secret } = w;
    const receiver = async (...args: Parameters<typeof startReceiver>) => {
      const r = await startReceiver(...args);
      receivers.push(r);
      return r;
    };
    const postIdsDelivered = async (hookId: string) => (await deliveries(w, hookId)).map((d) => d.post_id);

    await t.test('25. private channels and DMs never cause a request; a public one does', async () => {
      const r = await receiver();
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['gate25'], callback_urls: [r.url] });
      const inPrivate = await member.client.createPost({ channel_id: secret.id, message: 'gate25 private' });
      const dm = await admin.client.createDirectChannel([admin.id, member.id]);
      const inDm = await member.client.createPost({ channel_id: dm.id, message: 'gate25 direct' });
      const self = await admin.client.createDirectChannel([admin.id, admin.id]).catch(() => null);
      if (self) await admin.client.createPost({ channel_id: self.id, message: 'gate25 self' });
      assert.deepEqual(await postIdsDelivered(hook.id), []);
      const control = await member.client.createPost({ channel_id: w.town.id, message: 'gate25 public' });
      await r.waitFor(1);
      await finishedDeliveries(w, hook.id, control.id);
      assert.deepEqual(r.requests.map((q) => q.json.post_id), [control.id]);
      assert.ok(![inPrivate.id, inDm.id].includes(r.requests[0].json.post_id));
    });

    await t.test('26. post edits never cause a request; a user post with props.from_webhook still does', async () => {
      const ch = await w.newChannel('g26');
      const r = await receiver();
      const hook = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['gate26'], callback_urls: [r.url] });
      const plain = await member.client.createPost({ channel_id: ch.id, message: 'hello' });
      await member.client.patchPost({ id: plain.id, message: 'gate26 edited into a trigger' });
      assert.deepEqual(await postIdsDelivered(hook.id), [], 'an edit is not a new post');
      // §2.6: the decision depends on how the post was made, never on its props.
      const forged = await member.client.createPost({ channel_id: ch.id, message: 'gate26 forged', props: { from_webhook: 'true' } });
      await r.waitFor(1);
      await finishedDeliveries(w, hook.id, forged.id);
      assert.deepEqual(r.requests.map((q) => q.json.post_id), [forged.id]);
    });

    await t.test('27. with EnableOutgoingWebhooks off nothing is sent, whatever hooks exist', async () => {
      const ch = await w.newChannel('g27');
      const r = await receiver();
      const hook = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [r.url] });
      await w.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: false } });
      let off: any;
      try {
        off = await member.client.createPost({ channel_id: ch.id, message: 'while off' });
      } finally {
        await w.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: true } });
      }
      assert.deepEqual(await postIdsDelivered(hook.id), []);
      const on = await member.client.createPost({ channel_id: ch.id, message: 'while on' });
      await r.waitFor(1);
      await finishedDeliveries(w, hook.id, on.id);
      assert.deepEqual(r.requests.map((q) => q.json.post_id), [on.id]);
      assert.notEqual(off.id, on.id);
    });

    await t.test('a deleted hook never fires; an updated hook fires with its new trigger only', async () => {
      const ch = await w.newChannel('gdel');
      const r = await receiver();
      const gone = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['gone'], callback_urls: [`${r.url}/gone`] });
      const moved = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['old'], callback_urls: [`${r.url}/moved`] });
      await admin.client.removeOutgoingWebhook(gone.id);
      await admin.client.updateOutgoingWebhook({ ...moved, trigger_words: ['new'] });
      await member.client.createPost({ channel_id: ch.id, message: 'gone now' });
      await member.client.createPost({ channel_id: ch.id, message: 'old word' });
      const control = await member.client.createPost({ channel_id: ch.id, message: 'new word' });
      await r.waitFor(1);
      await finishedDeliveries(w, moved.id, control.id);
      assert.deepEqual(r.requests.map((q) => [q.path, q.json.post_id]), [['/moved', control.id]]);
    });

    await t.test('no loops: a reply starting with the trigger word fires nothing; reply posts never trigger', async () => {
      const ch = await w.newChannel('gloop');
      const r = await receiver(replyJson({ text: 'echo echo echo' }));
      const echo = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['echo'], callback_urls: [`${r.url}/echo`] });
      // A channel-only hook would fire on any post of the channel, reply posts included, if they triggered.
      const watcher = await receiver();
      const all = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [`${watcher.url}/all`] });
      const first = await member.client.createPost({ channel_id: ch.id, message: 'echo hello' });
      const [done] = await finishedDeliveries(w, echo.id, first.id);
      assert.equal(done.state, 'succeeded');
      assert.equal(done.reply_post_ids.length, 1);
      const replies = await webhookPosts(w, ch.id);
      assert.deepEqual(replies.map((p) => p.message), ['echo echo echo']);
      // Positive control: the next user post fires both hooks once more, and nothing else was ever sent.
      const second = await member.client.createPost({ channel_id: ch.id, message: 'echo again' });
      await finishedDeliveries(w, echo.id, second.id);
      await finishedDeliveries(w, all.id, second.id);
      assert.deepEqual((await postIdsDelivered(echo.id)).sort(), [first.id, second.id].sort());
      assert.deepEqual((await postIdsDelivered(all.id)).sort(), [first.id, second.id].sort());
      assert.deepEqual(r.requests.map((q) => q.json.post_id), [first.id, second.id]);
      assert.equal((await webhookPosts(w, ch.id)).length, 2);
    });

    await t.test('a retry queued before its creator was deactivated is not sent, and is no failure of the receiver', async () => {
      const ch = await w.newChannel('gretry');
      const r = await receiver(replyJson({}, 503));
      // An admin may make a hook on another person's behalf; that person is its creator.
      const hook = await createHook(admin, { team_id: team.id, channel_id: ch.id, creator_id: w.member2.id, callback_urls: [r.url] });
      await w.patchConfig({ WebhookSettings: { RetryScheduleSeconds: [3] } });
      try {
        const post = await member.client.createPost({ channel_id: ch.id, message: 'try twice' });
        await r.waitFor(1);
        await admin.client.updateUserActive(w.member2.id, false);
        const [d] = await finishedDeliveries(w, hook.id, post.id);
        assert.equal(d.state, 'cancelled');
        assert.match(d.last_error, /creator is deactivated/);
        assert.equal(d.attempt_count, 1, 'the skipped retry is not an attempt');
        const detail = await call(w.server.url, 'GET', `/api/v4/hooks/outgoing/${hook.id}/deliveries/${d.id}`, { token: admin.token });
        assert.deepEqual(detail.json.attempts.map((a: any) => a.outcome), ['retry']);
        assert.equal(r.requests.length, 1);
        assert.equal((await admin.client.getOutgoingWebhook(hook.id)).disabled_at, 0);
      } finally {
        await w.patchConfig({ WebhookSettings: { RetryScheduleSeconds: [] } });
        await admin.client.updateUserActive(w.member2.id, true);
      }
    });

    await t.test("a deactivated creator's hooks never fire; they fire again once the creator is reactivated", async () => {
      const ch = await w.newChannel('gactive');
      const r = await receiver();
      const theirs = await createHook(w.teamAdmin, { team_id: team.id, channel_id: ch.id, trigger_words: ['gactive'], callback_urls: [`${r.url}/theirs`] });
      const control = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['gactive'], callback_urls: [`${r.url}/control`] });
      await admin.client.updateUserActive(w.teamAdmin.id, false);
      const whileAway = await member.client.createPost({ channel_id: ch.id, message: 'gactive while away' });
      await finishedDeliveries(w, control.id, whileAway.id);
      assert.deepEqual(await postIdsDelivered(theirs.id), []);

      await admin.client.updateUserActive(w.teamAdmin.id, true);
      const back = await member.client.createPost({ channel_id: ch.id, message: 'gactive back again' });
      await finishedDeliveries(w, theirs.id, back.id);
      await finishedDeliveries(w, control.id, back.id);
      const seen = r.requests.map((q) => `${q.path} ${q.json.post_id}`).sort();
      assert.deepEqual(seen, [`/control ${whileAway.id}`, `/control ${back.id}`, `/theirs ${back.id}`].sort());
    });
  });
}
