// How a receiver's answer is classified and what it changes (spec §3.6-§3.8, §8, §11; §9 items
// 19-24, 80, 85): timeouts, empty and unreadable replies, 500 and 410, SSRF refusals, and a set of
// misbehaving receivers that must change nothing and break nothing. One attempt per delivery
// (RetryScheduleSeconds: []), so every failure is final at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { eventually, replyJson, startReceiver, type Receiver, type Responder } from './support/receiver.js';
import { createHook, deliveries, finishedDeliveries, startHookWorld, webhookPosts } from './support/hooks.js';
import { call } from './support/wire.js';

const hang: Responder = () => new Promise<void>(() => {});
const html: Responder = (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html' });
  res.end('<html><body>{"text": "not json"}</body></html>');
};

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: delivery outcomes (§9 items 19-24, 80, 85)`, async (t) => {
    const w = await startHookWorld(kind, { ServiceSettings: { OutgoingIntegrationRequestsTimeout: 1 } });
    const receivers: Receiver[] = [];
    t.after(async () => {
      for (const r of receivers) await r.close();
      await w.server.stop();
    });
    const { admin, member, team } = w;
    const receiver = async (responder?: Responder) => {
      const r = await startReceiver(responder);
      receivers.push(r);
      return r;
    };
    const attemptsOf = async (hookId: string, deliveryId: string) =>
      (await call(w.server.url, 'GET', `/api/v4/hooks/outgoing/${hookId}/deliveries/${deliveryId}`, { token: admin.token })).json.attempts;

    await t.test('22. timeout 1 s, a receiver that never answers → aborted and recorded as a timeout failure', async () => {
      const ch = await w.newChannel('o22');
      const r = await receiver(hang);
      const hook = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [r.url] });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'anyone there?' });
      const [d] = await finishedDeliveries(w, hook.id, post.id);
      assert.equal(d.state, 'failed');
      assert.equal(d.attempt_count, 1);
      assert.match(d.last_error, /^timeout/);
      const [attempt] = await attemptsOf(hook.id, d.id);
      assert.equal(attempt.outcome, 'failure');
      assert.ok(attempt.duration_ms >= 900, `gave up after ${attempt.duration_ms} ms, before the timeout`);
      assert.deepEqual(await webhookPosts(w, ch.id), []);
    });

    await t.test('23. timeout 2 s, a receiver answering after 1 s → success', async () => {
      await w.patchConfig({ ServiceSettings: { OutgoingIntegrationRequestsTimeout: 2 } });
      try {
        const ch = await w.newChannel('o23');
        const r = await receiver(async (req, res) => {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          return replyJson({ text: 'slow but fine' })(req, res);
        });
        const hook = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [r.url] });
        const post = await member.client.createPost({ channel_id: ch.id, message: 'take your time' });
        const [d] = await finishedDeliveries(w, hook.id, post.id);
        assert.equal(d.state, 'succeeded', d.last_error);
        assert.deepEqual((await webhookPosts(w, ch.id)).map((p) => p.message), ['slow but fine']);
      } finally {
        await w.patchConfig({ ServiceSettings: { OutgoingIntegrationRequestsTimeout: 1 } });
      }
    });

    await t.test('24. 19. a 2xx with an empty body → no post, success; "aaaaaaaa" or 9000-deep JSON → no post, api.unmarshal_error', async () => {
      const ch = await w.newChannel('o24');
      const empty = await receiver((_req, res) => {
        res.writeHead(200).end();
      });
      const garbage = await receiver(replyJson('aaaaaaaa'));
      const h1 = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [empty.url] });
      const h2 = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [garbage.url] });
      // Go would decode 10000 levels, but they could not be serialised again: refused, recorded, no post.
      const deep = await receiver(replyJson(`{"text":"x","props":{"p":${'['.repeat(9000)}${']'.repeat(9000)}}}`));
      const h3 = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [deep.url] });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'hi' });
      const [d1] = await finishedDeliveries(w, h1.id, post.id);
      const [d2] = await finishedDeliveries(w, h2.id, post.id);
      const [d3] = await finishedDeliveries(w, h3.id, post.id);
      assert.deepEqual([d3.state, d3.reply_error, d3.reply_post_ids], ['succeeded', 'api.unmarshal_error', []]);
      assert.deepEqual([d1.state, d1.reply_error, d1.reply_post_ids], ['succeeded', '', []]);
      assert.deepEqual([d2.state, d2.reply_error, d2.reply_post_ids], ['succeeded', 'api.unmarshal_error', []]);
      assert.deepEqual(await webhookPosts(w, ch.id), []);
    });

    await t.test('20. 21. JSON over 1 MiB and an endless stream → no post, api.unmarshal_error; reading stops', async () => {
      const ch = await w.newChannel('o20');
      const big = await receiver(replyJson({ text: 'x'.repeat(1_100_000) }));
      let streamClosed = false;
      const endless = await receiver((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = 'garbage '.repeat(8192);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        res.on('close', () => (streamClosed = true));
        pump();
      });
      const h1 = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [big.url] });
      const h2 = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [endless.url] });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'flood me' });
      for (const h of [h1, h2]) {
        const [d] = await finishedDeliveries(w, h.id, post.id);
        assert.deepEqual([d.state, d.reply_error, d.reply_post_ids], ['succeeded', 'api.unmarshal_error', []], h.callback_urls[0]);
      }
      await eventually(async () => streamClosed); // the endless stream was cut off
      assert.deepEqual(await webhookPosts(w, ch.id), []);
    });

    await t.test('binary reply bodies with NUL bytes are logged and change nothing (200 and 500)', async () => {
      const ch = await w.newChannel('obin');
      const bytes = Buffer.from([0x00, 0x1f, 0x8b, 0x08, 0x00, 0xff, 0x7b, 0x7d]);
      const binary = (status: number) => (_req: unknown, res: import('node:http').ServerResponse) => {
        res.writeHead(status, { 'Content-Type': 'application/octet-stream' });
        res.end(bytes);
      };
      const ok = await receiver(binary(200));
      const failing = await receiver(binary(500));
      const h1 = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [ok.url] });
      const h2 = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [failing.url] });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'send bytes' });
      const [d1] = await finishedDeliveries(w, h1.id, post.id);
      const [d2] = await finishedDeliveries(w, h2.id, post.id);
      assert.deepEqual([d1.state, d1.reply_error], ['succeeded', 'api.unmarshal_error']);
      assert.deepEqual([d2.state, d2.last_status_code], ['failed', 500]);
      const [attempt] = await attemptsOf(h2.id, d2.id);
      assert.equal(attempt.response.status_code, 500);
      assert.equal(attempt.response.body.includes('\u0000'), false, 'NUL is not stored as is');
      assert.deepEqual(await webhookPosts(w, ch.id), []);
    });

    await t.test('80. a 500 with {"text":"x"} → no post, failed delivery (D-c)', async () => {
      const ch = await w.newChannel('o80');
      const r = await receiver(replyJson({ text: 'x' }, 500));
      const hook = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [r.url] });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'boom' });
      const [d] = await finishedDeliveries(w, hook.id, post.id);
      assert.deepEqual([d.state, d.last_status_code, d.reply_post_ids], ['failed', 500, []]);
      assert.deepEqual(await webhookPosts(w, ch.id), []);
      assert.equal((await admin.client.getOutgoingWebhook(hook.id)).disabled_at, 0, 'one failure does not disable a hook');
    });

    await t.test('80. a 410 → no post, the hook is disabled (disabled_at set) and stops firing (D-c)', async () => {
      const ch = await w.newChannel('o410');
      const r = await receiver(replyJson({ text: 'gone' }, 410));
      const control = await receiver();
      const hook = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['ping'], callback_urls: [r.url] });
      const other = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['ping'], callback_urls: [control.url] });
      const first = await member.client.createPost({ channel_id: ch.id, message: 'ping one' });
      const [d] = await finishedDeliveries(w, hook.id, first.id);
      assert.deepEqual([d.state, d.last_status_code], ['failed', 410]);
      assert.equal((await attemptsOf(hook.id, d.id))[0].outcome, 'gone');
      const stored = await admin.client.getOutgoingWebhook(hook.id);
      assert.ok(stored.disabled_at > 0, 'disabled_at is set');
      const second = await member.client.createPost({ channel_id: ch.id, message: 'ping two' });
      assert.ok(!(await deliveries(w, hook.id)).some((x) => x.post_id === second.id), 'a disabled hook never fires');
      await finishedDeliveries(w, other.id, second.id);
      assert.deepEqual(control.requests.map((q) => q.json.post_id), [first.id, second.id]);
      assert.deepEqual(r.requests.map((q) => q.json.post_id), [first.id]);
      assert.deepEqual(await webhookPosts(w, ch.id), []);
      // Disabled, it still counts as a duplicate (§11.2), and an update leaves it disabled.
      await assert.rejects(
        createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['ping'], callback_urls: [r.url] }),
        (e: any) => e.server_error_id === 'api.webhook.create_outgoing.intersect.app_error',
      );
      const renamed = await admin.client.updateOutgoingWebhook({ ...stored, display_name: 'renamed' });
      assert.equal(renamed.disabled_at, stored.disabled_at);
      const fourth = await member.client.createPost({ channel_id: ch.id, message: 'ping four' });
      assert.ok(!(await deliveries(w, hook.id)).some((x) => x.post_id === fourth.id), 'still disabled after an update');
      // Enabling it again makes it fire again.
      await call(w.server.url, 'POST', `/api/v4/hooks/outgoing/${hook.id}/enable`, { token: admin.token });
      r.respond(replyJson({}));
      const third = await member.client.createPost({ channel_id: ch.id, message: 'ping three' });
      assert.equal((await finishedDeliveries(w, hook.id, third.id))[0].state, 'succeeded');
    });

    await t.test('85. callbacks to 127.0.0.1, 10.1.2.3 or localhost are refused without an allow-list; 127.0.0.0/8 allows', async () => {
      const ch = await w.newChannel('o85');
      const r = await receiver();
      const port = new URL(r.url).port;
      const urls = [`http://127.0.0.1:${port}/ip`, `http://localhost:${port}/name`, 'http://10.1.2.3/private'];
      const hook = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['ssrf'], callback_urls: urls });
      await w.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '' } });
      try {
        const refused = await member.client.createPost({ channel_id: ch.id, message: 'ssrf one' });
        const log = await finishedDeliveries(w, hook.id, refused.id, 3);
        for (const d of log) {
          assert.equal(d.state, 'failed', d.callback_url);
          assert.match(d.last_error, /^forbidden_address/, d.callback_url);
        }
        assert.equal(r.requests.length, 0, 'no request reached the receiver');
        await w.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.0/8' } });
        const allowed = await member.client.createPost({ channel_id: ch.id, message: 'ssrf two' });
        const byUrl = Object.fromEntries((await finishedDeliveries(w, hook.id, allowed.id, 3)).map((d) => [d.callback_url, d]));
        assert.equal(byUrl[urls[0]].state, 'succeeded', byUrl[urls[0]].last_error);
        assert.equal(byUrl[urls[1]].state, 'succeeded', byUrl[urls[1]].last_error);
        assert.match(byUrl[urls[2]].last_error, /^forbidden_address/, '10.1.2.3 is outside 127.0.0.0/8');
        assert.deepEqual(r.requests.map((q) => q.path).sort(), ['/ip', '/name']);
      } finally {
        await w.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } });
      }
    });

    await t.test('a 1 MiB reply of unclosed Slack markup is handled in one pass; the server keeps serving', async () => {
      const ch = await w.newChannel('omarkup');
      const r = await receiver(replyJson({ text: '<@a|'.repeat(900), attachments: [{ text: '<#a|'.repeat(250_000) }] }));
      const hook = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [r.url] });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'markup please' });
      const [d] = await finishedDeliveries(w, hook.id, post.id);
      assert.deepEqual([d.state, d.reply_error, d.reply_post_ids.length], ['succeeded', '', 1]);
      const [reply] = await webhookPosts(w, ch.id);
      assert.equal(reply.message, '<@a|'.repeat(900));
      assert.equal((await member.client.getMe()).id, member.id);
    });

    await t.test('a hanging, a 500 and an HTML receiver change nothing and break nothing', async () => {
      const ch = await w.newChannel('obad');
      const bad = [await receiver(hang), await receiver(replyJson({ text: 'x' }, 500)), await receiver(html)];
      const good = await receiver(replyJson({ text: 'all good' }));
      const badHooks = [];
      for (const b of bad) badHooks.push(await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [b.url] }));
      const goodHook = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [good.url] });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'who answers?' });
      // The good hook's reply arrives while the hanging one still waits: the server keeps serving.
      const [ok] = await finishedDeliveries(w, goodHook.id, post.id);
      assert.equal(ok.state, 'succeeded');
      assert.deepEqual((await webhookPosts(w, ch.id)).map((p) => p.message), ['all good']);
      assert.equal((await member.client.getMe()).id, member.id);
      const [hung, failed, unreadable] = await Promise.all(badHooks.map(async (h) => (await finishedDeliveries(w, h.id, post.id))[0]));
      assert.deepEqual([hung.state, hung.last_error.split(':')[0]], ['failed', 'timeout']);
      assert.deepEqual([failed.state, failed.last_status_code], ['failed', 500]);
      assert.deepEqual([unreadable.state, unreadable.reply_error], ['succeeded', 'api.unmarshal_error']);
      assert.deepEqual((await webhookPosts(w, ch.id)).map((p) => p.message), ['all good'], 'the bad receivers posted nothing');
      for (const h of badHooks) assert.equal((await admin.client.getOutgoingWebhook(h.id)).disabled_at, 0);
      // Everything still works for the next post.
      const next = await member.client.createPost({ channel_id: ch.id, message: 'again?' });
      await finishedDeliveries(w, goodHook.id, next.id);
      assert.deepEqual((await webhookPosts(w, ch.id)).map((p) => p.message), ['all good', 'all good']);
    });
  });
}
