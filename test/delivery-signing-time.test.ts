// A request is signed when it is actually sent, not when its delivery started: a request that
// waited behind a busy origin (the per-origin cap of 8 requests in flight) carries a fresh
// webhook-timestamp, its signature verifies, and the delivery log shows the headers that were sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { testDatabaseKinds } from './support/databases.js';
import { eventually, replyJson, startReceiver } from './support/receiver.js';
import { createHook, finishedDeliveries, startHookWorld } from './support/hooks.js';
import { DEFAULT_MAX_CONCURRENT_PER_ORIGIN } from '../src/adapters/outgoing-http/undici-http-client.js';
import { call } from './support/wire.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: a request waiting for a busy origin is signed when it leaves the queue`, async (t) => {
    const w = await startHookWorld(kind);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const r = await startReceiver(async (req, res) => {
      await released;
      replyJson({})(req, res);
    });
    t.after(async () => {
      release();
      await r.close();
      await w.server.stop();
    });
    const cap = DEFAULT_MAX_CONCURRENT_PER_ORIGIN;
    const ch = await w.newChannel('busy');
    const paths = Array.from({ length: cap + 1 }, (_, i) => `/n${i}`);
    const hook = await createHook(w.admin, { team_id: w.team.id, channel_id: ch.id, callback_urls: paths.map((p) => r.url + p) });
    const post = await w.member.client.createPost({ channel_id: ch.id, message: 'nine at once' });

    // The origin is busy: `cap` requests are held, the last delivery waits for a slot.
    await r.waitFor(cap);
    const busySince = Date.now();
    await eventually(async () => Math.floor(Date.now() / 1000) > Math.floor(busySince / 1000));
    const releasedAt = Date.now();
    release();
    const [last] = (await r.waitFor(cap + 1)).slice(cap);

    const timestamp = Number(last.headers['webhook-timestamp']);
    assert.ok(timestamp >= Math.floor(releasedAt / 1000), `signed at ${timestamp}, sent after ${Math.floor(releasedAt / 1000)}`);
    new Webhook(hook.signing_secret).verify(last.body, last.headers as Record<string, string>, { jsonParse: false });

    const all = await finishedDeliveries(w, hook.id, post.id, cap + 1);
    const waited = all.find((d) => d.id === last.headers['webhook-id']);
    const detail = await call(w.server.url, 'GET', `/api/v4/hooks/outgoing/${hook.id}/deliveries/${waited.id}`, { token: w.admin.token });
    const logged = detail.json.attempts[0].request.headers;
    assert.equal(logged['webhook-timestamp'], last.headers['webhook-timestamp'], 'the log shows the timestamp that was sent');
    assert.equal(logged['webhook-signature'], last.headers['webhook-signature']);
  });
}
