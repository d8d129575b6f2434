// What a retry or a redelivery may send, judged when it is sent: the post as it was when it
// triggered (never a later edit), never a deleted post, and nothing at all (no request, no reply
// post) once the channel is no longer public. Deliveries stopped this way end `cancelled`, are
// listed under that state, and redeliver refuses them with a clear 400.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { eventually, replyJson, startReceiver, type Receiver, type Responder } from './support/receiver.js';
import { createHook, deliveries, finishedDeliveries, startHookWorld, webhookPosts, type HookWorld } from './support/hooks.js';
import { uniqueName } from './support/server.js';
import { assertAppError, call } from './support/wire.js';

/** A request the receiver holds until the test lets it go, then answers as `then` says. */
function held(then: Responder) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let seen = 0;
  const responder: Responder = async (req, res) => {
    if (seen++ > 0) return replyJson({})(req, res);
    await released;
    return then(req, res);
  };
  return { responder, release };
}

/** A public channel that `member` has joined and `member2` has not. */
async function channelWithoutMember2(w: HookWorld) {
  const name = uniqueName('send').toLowerCase();
  const ch = await w.admin.client.createChannel({ team_id: w.team.id, name, display_name: name, type: 'O' });
  await w.admin.client.addToChannel(w.member.id, ch.id);
  return ch;
}

const textOf = (r: Receiver, i: number) => r.requests[i].json.text;

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: retries and redeliveries follow the rules at send time`, async (t) => {
    // Members may manage their own hooks, and a failed attempt is retried at once.
    const w = await startHookWorld(kind, {
      ServiceSettings: { EnableOnlyAdminIntegrations: false },
      WebhookSettings: { RetryScheduleSeconds: [0] },
    });
    const receivers: Receiver[] = [];
    t.after(async () => {
      for (const r of receivers) await r.close();
      await w.server.stop();
    });
    const receiver = async (responder?: Responder) => {
      const r = await startReceiver(responder);
      receivers.push(r);
      return r;
    };
    const redeliver = (who: { token: string }, hookId: string, deliveryId: string) =>
      call(w.server.url, 'POST', `/api/v4/hooks/outgoing/${hookId}/deliveries/${deliveryId}/redeliver`, { token: who.token });
    const { member, member2 } = w;

    await t.test('a retry and a redelivery send the post as it was when it triggered, not a later edit', async () => {
      const ch = await w.newChannel('snap');
      const first = held(replyJson({ error: 'later' }, 500));
      const r = await receiver(first.responder);
      const hook = await createHook(member2, { team_id: w.team.id, channel_id: ch.id, callback_urls: [r.url] });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'deploy build 41' });
      await r.waitFor(1);
      await member.client.patchPost({ id: post.id, message: 'deploy build 42 (edited)' });
      first.release();
      const [d] = await finishedDeliveries(w, hook.id, post.id);
      assert.deepEqual([d.state, d.attempt_count], ['succeeded', 2]);
      assert.equal(textOf(r, 0), 'deploy build 41');
      assert.equal(textOf(r, 1), 'deploy build 41', 'the retry sent the edit');
      const res = await redeliver(member2, hook.id, d.id);
      assert.equal(res.status, 200, res.text);
      await r.waitFor(3);
      assert.equal(textOf(r, 2), 'deploy build 41', 'the redelivery sent the edit');
      assert.equal(r.requests[2].json.token, (await member2.client.getOutgoingWebhook(hook.id)).token, 'the token is the current one');
    });

    await t.test('a deleted post is never sent again: its retry is cancelled and redeliver refuses it', async () => {
      const ch = await w.newChannel('gone');
      const first = held(replyJson({ error: 'later' }, 500));
      const r = await receiver(first.responder);
      const hook = await createHook(member2, { team_id: w.team.id, channel_id: ch.id, callback_urls: [r.url] });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'oops, wrong channel' });
      await r.waitFor(1);
      await member.client.deletePost(post.id);
      first.release();
      const [d] = await finishedDeliveries(w, hook.id, post.id);
      assert.equal(d.state, 'cancelled', `the retry of a deleted post ended ${d.state}`);
      assert.match(d.last_error, /deleted/);
      assert.equal(d.attempt_count, 1, 'the cancelled retry is not an attempt');
      assertAppError(await redeliver(member2, hook.id, d.id), 400, 'app.webhooks.redeliver.post_deleted.app_error');
      assert.equal(r.requests.length, 1, 'the deleted post reached the receiver once, when it was live');
      assert.equal((await deliveries(w, hook.id)).find((x) => x.id === d.id).state, 'cancelled', 'a refused redeliver queues nothing');
    });

    await t.test('a channel made private: no retry, no redelivery, listed as cancelled', async () => {
      const ch = await channelWithoutMember2(w);
      const first = held(replyJson({ error: 'later' }, 500));
      const r = await receiver(first.responder);
      const hook = await createHook(member2, { team_id: w.team.id, channel_id: ch.id, callback_urls: [r.url] });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'still public' });
      await r.waitFor(1);
      await w.admin.client.updateChannelPrivacy(ch.id, 'P');
      first.release();
      const [d] = await finishedDeliveries(w, hook.id, post.id);
      assert.equal(d.state, 'cancelled', `the retry into a private channel ended ${d.state}`);
      assert.match(d.last_error, /no longer public/);
      await member.client.patchPost({ id: post.id, message: 'now a secret' });
      assertAppError(await redeliver(member2, hook.id, d.id), 400, 'app.webhooks.redeliver.channel_not_public.app_error');
      assert.equal(r.requests.length, 1, 'nothing more went out');
      assert.deepEqual(await webhookPosts(w, ch.id), []);

      const listed = await call(w.server.url, 'GET', `/api/v4/hooks/outgoing/${hook.id}/deliveries?state=cancelled`, { token: member2.token });
      assert.equal(listed.status, 200, listed.text);
      assert.deepEqual(listed.json.map((x: any) => [x.id, x.state, x.next_attempt_at]), [[d.id, 'cancelled', 0]]);

      // Public again, the delivery may go once more.
      await w.admin.client.updateChannelPrivacy(ch.id, 'O');
      assert.equal((await redeliver(member2, hook.id, d.id)).status, 200);
      await r.waitFor(2);
      assert.equal(textOf(r, 1), 'still public');
    });

    await t.test('a reply that arrives after the channel became private is not posted', async () => {
      const ch = await channelWithoutMember2(w);
      const first = held(replyJson({ text: 'posted into a private channel' }));
      const r = await receiver(first.responder);
      const hook = await createHook(member2, { team_id: w.team.id, channel_id: ch.id, callback_urls: [r.url] });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'answer slowly' });
      await r.waitFor(1);
      await w.admin.client.updateChannelPrivacy(ch.id, 'P');
      first.release();
      const [d] = await finishedDeliveries(w, hook.id, post.id);
      assert.deepEqual([d.state, d.reply_post_ids], ['succeeded', []]);
      assert.equal(d.reply_error, 'app.outgoing_webhook.reply.channel_not_public.app_error');
      assert.deepEqual(await webhookPosts(w, ch.id), []);
      const detail = await call(w.server.url, 'GET', `/api/v4/hooks/outgoing/${hook.id}/deliveries/${d.id}`, { token: member2.token });
      assert.equal(detail.json.attempts[0].error, 'app.outgoing_webhook.reply.channel_not_public.app_error');
    });

    await t.test('a hook deleted before its retry: the retry is cancelled', async () => {
      const ch = await w.newChannel('del');
      const first = held(replyJson({ error: 'later' }, 500));
      const r = await receiver(first.responder);
      const hook = await createHook(member2, { team_id: w.team.id, channel_id: ch.id, callback_urls: [r.url] });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'then the hook goes' });
      await r.waitFor(1);
      await member2.client.removeOutgoingWebhook(hook.id);
      first.release();
      const d = await eventually(async () => {
        const found = await w.server.ctx.store.deliveries.listForHook(hook.id, undefined, { offset: 0, limit: 10 });
        return found.find((x) => x.post_id === post.id && x.state !== 'pending' && x.state !== 'retrying');
      });
      assert.deepEqual([d.state, d.last_error], ['cancelled', 'the outgoing webhook was deleted']);
      assert.equal(r.requests.length, 1);
    });

    await t.test('GET /metrics counts the cancelled deliveries apart from attempts', async () => {
      const text = await (await fetch(`${w.server.url}/metrics`, { headers: { Authorization: `Bearer ${w.admin.token}` } })).text();
      assert.match(text, /^switchboard_webhook_deliveries_total\{outcome="cancelled"\} 3$/m);
    });
  });
}
