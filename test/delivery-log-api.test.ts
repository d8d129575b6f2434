// The delivery engine through HTTP on a real server: the delivery log (list, filter, paging, detail
// with attempts), redeliver, test deliveries, permissions, retention, enable after 410 Gone,
// Standard Webhooks signatures checked with the `standardwebhooks` package, and GET /metrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { register as defaultRegistry } from 'prom-client';
import { testDatabaseKinds } from './support/databases.js';
import { adminClient, startTestServer, uniqueName, userClient } from './support/server.js';
import { eventually, startReceiver, type ReceivedRequest } from './support/receiver.js';
import { assertAppError, assertJsonOk, call } from './support/wire.js';

const verify = (secret: string, r: ReceivedRequest) =>
  new Webhook(secret).verify(r.body, r.headers as Record<string, string>, { jsonParse: false });

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: delivery log, redeliver, test deliveries, signatures and metrics over HTTP`, async (t) => {
    const server = await startTestServer(kind, {
      ServiceSettings: { EnableOutgoingWebhooks: true, AllowedUntrustedInternalConnections: '127.0.0.1' },
      WebhookSettings: { RetryScheduleSeconds: [0, 0] },
    });
    // The receiver answers by the post's text: "fail" → 400, "flaky" → 500 once, "gone" → 410, "big" → a long reply.
    const flakySeen = new Set<string>();
    const receiver = await startReceiver((req, res) => {
      const text: string = req.json?.text ?? '';
      const id = String(req.headers['webhook-id']);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json', 'X-Receiver': 'yes' });
        res.end(JSON.stringify(body));
      };
      if (text.includes('fail')) return send(400, { error: 'no' });
      if (text.includes('gone')) return send(410, {});
      if (text.includes('flaky') && !flakySeen.has(id)) {
        flakySeen.add(id);
        return send(500, { error: 'try again' });
      }
      if (text.includes('big')) return send(200, { text: 'big reply', pad: 'x'.repeat(100_000) });
      send(200, { text: `reply to ${id}` });
    });
    t.after(async () => {
      await receiver.close();
      await server.stop();
    });
    const { client: admin } = await adminClient(server);
    const token = admin.getToken();
    const team = await admin.createTeam({ name: uniqueName('team'), display_name: 'Log', type: 'O' });
    const town = await admin.getChannelByName(team.id, 'town-square');
    const hook = await admin.createOutgoingWebhook({ team_id: team.id, trigger_words: ['log'], callback_urls: [`${receiver.url}/log`], content_type: 'application/json' });
    const api = (method: string, path: string) => call(server.url, method, `/api/v4/hooks/outgoing/${hook.id}${path}`, { token });
    const list = async (query = '') => assertJsonOk(await api('GET', `/deliveries${query}`));

    await t.test('signing_secret is in the hook JSON; every request verifies with standardwebhooks', async () => {
      assert.match(hook.signing_secret, /^whsec_[A-Za-z0-9+/]+=*$/);
      const post = await admin.createPost({ channel_id: town.id, message: 'log flaky' });
      const [first, retry] = await receiver.waitFor(2);
      for (const r of [first, retry]) {
        verify(hook.signing_secret, r);
        assert.equal(r.json.post_id, post.id);
        assert.equal(r.json.token, hook.token, 'the body token stays for compatibility');
      }
      assert.equal(first.headers['webhook-id'], retry.headers['webhook-id'], 'webhook-id is stable across retries');
      const [delivery] = await list();
      assert.equal(delivery.id, first.headers['webhook-id'], 'webhook-id is the delivery id');
      assert.throws(() => verify(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, first), /signature/i);
      const tampered = { ...first, body: first.body.replace('flaky', 'FLAKY') };
      assert.throws(() => verify(hook.signing_secret, tampered));
    });

    await t.test('after rotate_secret both the old and the new secret verify during the grace period', async () => {
      const rotated = assertJsonOk(await api('POST', '/rotate_secret'));
      assert.notEqual(rotated.signing_secret, hook.signing_secret);
      assert.match(rotated.signing_secret, /^whsec_/);
      const before = receiver.requests.length;
      await admin.createPost({ channel_id: town.id, message: 'log after rotation' });
      const [r] = (await receiver.waitFor(before + 1)).slice(before);
      assert.equal(String(r.headers['webhook-signature']).split(' ').length, 2);
      verify(rotated.signing_secret, r);
      verify(hook.signing_secret, r);
      assert.equal((await admin.getOutgoingWebhook(hook.id)).signing_secret, rotated.signing_secret);
    });

    await t.test('list: newest first, paging, state filter, 400 on an unknown state', async () => {
      await admin.createPost({ channel_id: town.id, message: 'log fail please' });
      await eventually(async () => (await list('?state=failed')).length === 1);
      const all = await list();
      assert.equal(all.length, 3);
      const created = all.map((d: any) => d.create_at);
      assert.deepEqual(created, [...created].sort((a, b) => b - a), 'newest first');
      for (const d of all) {
        for (const key of ['id', 'hook_id', 'post_id', 'callback_url', 'state', 'attempt_count', 'last_status_code', 'create_at', 'next_attempt_at']) assert.ok(key in d, key);
        assert.equal(d.hook_id, hook.id);
      }
      assert.deepEqual((await list('?per_page=2&page=0')).map((d: any) => d.id), all.slice(0, 2).map((d: any) => d.id));
      assert.deepEqual((await list('?per_page=2&page=1')).map((d: any) => d.id), all.slice(2).map((d: any) => d.id));
      const [failed] = await list('?state=failed');
      assert.deepEqual([failed.state, failed.attempt_count, failed.last_status_code, failed.next_attempt_at], ['failed', 1, 400, 0]);
      assert.deepEqual((await list('?state=succeeded')).map((d: any) => d.state), ['succeeded', 'succeeded']);
      assert.deepEqual(await list('?state=pending'), []);
      assertAppError(await api('GET', '/deliveries?state=done'), 400);
    });

    await t.test('detail: every attempt with request, response (truncated), duration, error and reply posts', async () => {
      const flaky = (await list()).at(-1);
      const detail = assertJsonOk(await api('GET', `/deliveries/${flaky.id}`));
      assert.equal(detail.state, 'succeeded');
      assert.equal(detail.attempts.length, 2);
      const [a1, a2] = detail.attempts;
      assert.deepEqual([a1.attempt, a1.outcome, a1.response.status_code, a1.error], [1, 'retry', 500, 'the receiver answered 500']);
      assert.deepEqual([a2.attempt, a2.outcome, a2.response.status_code, a2.error], [2, 'success', 200, '']);
      assert.equal(a1.request.headers['webhook-id'], flaky.id);
      assert.equal(a1.request.headers['Content-Type'], 'application/json');
      assert.equal(JSON.parse(a1.request.body).text, 'log flaky');
      assert.equal(a2.response.headers['x-receiver'], 'yes');
      assert.equal(JSON.parse(a2.response.body).text, `reply to ${flaky.id}`);
      assert.equal(typeof a2.duration_ms, 'number');
      assert.equal(detail.reply_post_ids.length, 1);
      assert.equal((await admin.getPost(detail.reply_post_ids[0])).message, `reply to ${flaky.id}`);

      const bigPost = await admin.createPost({ channel_id: town.id, message: 'log big' });
      const big = await eventually(async () => (await list('?state=succeeded')).find((d: any) => d.post_id === bigPost.id));
      const [bigAttempt] = assertJsonOk(await api('GET', `/deliveries/${big.id}`)).attempts;
      assert.equal(bigAttempt.response.truncated, true, 'the log says its copy of the body is cut');
      assert.equal(bigAttempt.response.body.length, 64 * 1024);
      assert.equal(big.reply_post_ids.length, 1, 'the reply itself was read whole');
      assertAppError(await api('GET', `/deliveries/${'x'.repeat(26)}`), 404);
    });

    await t.test('redeliver: the same id again, as a new attempt', async () => {
      const [failed] = await list('?state=failed');
      const before = receiver.requests.length;
      const queued = assertJsonOk(await api('POST', `/deliveries/${failed.id}/redeliver`));
      assert.equal(queued.id, failed.id);
      assert.equal(queued.state, 'pending');
      const [again] = (await receiver.waitFor(before + 1)).slice(before);
      assert.equal(again.headers['webhook-id'], failed.id);
      const detail = await eventually(async () => {
        const d = assertJsonOk(await api('GET', `/deliveries/${failed.id}`));
        return d.attempts.length === 2 && d.state === 'failed' ? d : undefined;
      });
      assert.deepEqual(detail.attempts.map((a: any) => a.attempt), [1, 2]);
    });

    await t.test('test: a synthetic, marked payload whose reply is logged, not posted', async () => {
      const before = receiver.requests.length;
      const [result] = assertJsonOk(await api('POST', '/test'));
      const [r] = (await receiver.waitFor(before + 1)).slice(before);
      assert.equal(r.headers['x-switchboard-test'], 'true');
      assert.equal(r.headers['webhook-id'], result.id);
      assert.equal(r.json.trigger_word, 'log');
      assert.equal(r.json.token, hook.token);
      verify((await admin.getOutgoingWebhook(hook.id)).signing_secret, r);
      assert.equal(result.is_test, true);
      assert.equal(result.state, 'succeeded');
      assert.deepEqual(result.reply_post_ids, []);
      assert.equal(JSON.parse(result.attempts[0].response.body).text, `reply to ${result.id}`);
      const posts = await admin.getPosts(town.id, 0, 200);
      assert.ok(!Object.values(posts.posts).some((p: any) => p.message === `reply to ${result.id}`), 'the test reply is not posted');
      assertAppError(await api('POST', `/deliveries/${result.id}/redeliver`), 400);
    });

    await t.test('another team member may not see or use the log (403)', async () => {
      const { client: other, user } = await userClient(server, admin);
      await admin.addToTeam(team.id, user.id);
      const [d] = await list();
      const token2 = other.getToken();
      for (const [method, path] of [['GET', '/deliveries'], ['GET', `/deliveries/${d.id}`], ['POST', `/deliveries/${d.id}/redeliver`], ['POST', '/test'], ['POST', '/enable']]) {
        assertAppError(await call(server.url, method, `/api/v4/hooks/outgoing/${hook.id}${path}`, { token: token2 }), 403, undefined, `${method} ${path}`);
      }
      assertAppError(await call(server.url, 'GET', `/api/v4/hooks/outgoing/${hook.id}/deliveries`), 401);
    });

    await t.test('410 Gone disables the hook (disabled_at) and POST .../enable turns it back on', async () => {
      await admin.createPost({ channel_id: town.id, message: 'log gone' });
      const disabled = await eventually(async () => {
        const h = await admin.getOutgoingWebhook(hook.id);
        return h.disabled_at > 0 ? h : undefined;
      });
      assert.ok(disabled.disabled_at > 0);
      const before = receiver.requests.length;
      await admin.createPost({ channel_id: town.id, message: 'log while disabled' });
      const enabled = assertJsonOk(await api('POST', '/enable'));
      assert.equal(enabled.disabled_at, 0);
      await admin.createPost({ channel_id: town.id, message: 'log enabled again' });
      const [next] = (await receiver.waitFor(before + 1)).slice(before);
      assert.equal(next.json.text, 'log enabled again', 'nothing fired while the hook was disabled');
    });

    await t.test('GET /metrics: Prometheus text with the switchboard_ delivery metrics', async () => {
      // The last delivery is recorded just after its answer arrives.
      await eventually(async () => (await list('?state=pending')).length === 0);
      // On the main port the metrics are for system admins (test/metrics-access.test.ts).
      const res = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), defaultRegistry.contentType);
      const text = await res.text();
      const value = (name: string) => {
        const line = text.split('\n').find((l) => l.startsWith(name + ' '));
        assert.ok(line, `${name} in\n${text.slice(0, 2000)}`);
        return Number(line.slice(name.length + 1));
      };
      assert.ok(value('switchboard_webhook_deliveries_total{outcome="success"}') >= 4);
      assert.equal(value('switchboard_webhook_deliveries_total{outcome="retry"}'), 1);
      assert.equal(value('switchboard_webhook_deliveries_total{outcome="failure"}'), 2);
      assert.equal(value('switchboard_webhook_deliveries_total{outcome="gone"}'), 1);
      assert.ok(value('switchboard_webhook_attempt_duration_seconds_count') >= 8);
      assert.equal(value('switchboard_webhook_queue_depth'), 0);
      assert.equal(value('switchboard_webhook_oldest_due_age_seconds'), 0);
      assert.match(text, /# TYPE switchboard_webhook_attempt_duration_seconds histogram/);
    });

    await t.test('retention: pruning by age and by count per hook', async () => {
      const all = await list('?per_page=200');
      assert.ok(all.length >= 6);
      const store = server.ctx.store.deliveries;
      assert.equal(await store.prune(0, 3), all.length - 3, 'only the newest 3 are kept');
      assert.deepEqual((await list('?per_page=200')).map((d: any) => d.id), all.slice(0, 3).map((d: any) => d.id));
      assert.equal(await store.prune(Date.now() + 1, 1000), 3, 'everything finished before now is old');
      assert.deepEqual(await list(), []);
    });
  });
}
