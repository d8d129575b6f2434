// Which posts fire which hooks, and what the receiver gets (spec §2, §3; §9 items 17, 71-76, 78):
// exact vs starts-with, channel-only hooks, several hooks on one post, form and JSON bodies as sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { startReceiver, type Receiver } from './support/receiver.js';
import { createHook, deliveries, finishedDeliveries, startHookWorld, type HookWorld } from './support/hooks.js';

const FORM = 'application/x-www-form-urlencoded';
const FORM_KEYS = [
  'channel_id', 'channel_name', 'file_ids', 'post_id', 'team_domain', 'team_id', 'text', 'timestamp', 'token', 'trigger_word',
  'user_id', 'user_name',
];
const JSON_KEYS = [
  'token', 'team_id', 'team_domain', 'channel_id', 'channel_name', 'timestamp', 'user_id', 'user_name', 'post_id', 'text',
  'trigger_word', 'file_ids',
];

/** Go's url.QueryEscape, the spec's form escaping (§3.3), to rebuild the exact body expected. */
const queryEscape = (v: string) =>
  encodeURIComponent(v).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: triggering outgoing hooks (§9 items 17, 71-76, 78)`, async (t) => {
    const w = await startHookWorld(kind);
    const receivers: Receiver[] = [];
    t.after(async () => {
      for (const r of receivers) await r.close();
      await w.server.stop();
    });
    const { admin, member, team } = w;
    const receiver = async () => {
      const r = await startReceiver();
      receivers.push(r);
      return r;
    };
    /** Hook ids that have a delivery for the post: deliveries are written with the post, so this is exact at once. */
    const firedFor = async (hooks: Array<{ id: string }>, postId: string) => {
      const fired: string[] = [];
      for (const h of hooks) if ((await deliveries(w, h.id)).some((d) => d.post_id === postId)) fired.push(h.id);
      return fired;
    };
    const expectedFields = (world: HookWorld, hook: any, post: any, channel: { id: string; name: string }, who: any, triggerWord: string, json: boolean) => ({
      token: hook.token, team_id: team.id, team_domain: team.name, channel_id: channel.id, channel_name: channel.name,
      timestamp: json ? post.create_at : String(Math.floor(post.create_at / 1000)), user_id: who.id, user_name: who.username,
      post_id: post.id, text: post.message, trigger_word: triggerWord, file_ids: (post.file_ids ?? []).join(','),
    });

    await t.test('17. one callback URL → one request; two URLs → both get the full body', async () => {
      const ch = await w.newChannel('c17');
      const [r1, r2] = [await receiver(), await receiver()];
      await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['one17'], callback_urls: [`${r1.url}/a`] });
      const two = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['two17'], callback_urls: [`${r1.url}/b`, `${r2.url}/c`] });
      const first = await member.client.createPost({ channel_id: ch.id, message: 'one17 go' });
      await r1.waitFor(1);
      const second = await member.client.createPost({ channel_id: ch.id, message: 'two17 go' });
      await r2.waitFor(1);
      await r1.waitFor(2);
      await finishedDeliveries(w, two.id, second.id, 2);
      assert.deepEqual(r1.requests.map((r) => [r.path, r.json.post_id]), [['/a', first.id], ['/b', second.id]]);
      assert.equal(r2.requests.length, 1);
      assert.equal(r2.requests[0].body, r1.requests[1].body, 'each URL gets the identical, full body');
    });

    await t.test('71. form hook, exact: the receiver gets the form body byte-exact with timestamp in seconds', async () => {
      const ch = await w.newChannel('c71');
      const r = await receiver();
      const hook = await createHook(admin, { team_id: team.id, trigger_words: ['triggerword'], callback_urls: [r.url], content_type: FORM });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'triggerword lorem ipsum' });
      const [req] = await r.waitFor(1);
      assert.equal(req.method, 'POST');
      assert.equal(req.headers['content-type'], FORM);
      assert.equal(req.headers.accept, 'application/json');
      assert.match(String(req.headers['user-agent']), /^Mattermost-Bot\/1\.1 Switchboard\//);
      assert.equal(Number(req.headers['content-length']), Buffer.byteLength(req.body));
      const fields = expectedFields(w, hook, post, ch, member, 'triggerword', false);
      assert.equal(req.body, FORM_KEYS.map((k) => `${k}=${queryEscape(String((fields as any)[k]))}`).join('&'));
      assert.equal(req.form.timestamp, String(Math.floor(post.create_at / 1000)));
    });

    await t.test('72. starts-with: "triggerwordaaazzz lorem ipsum" reports trigger_word=triggerword; exact does not fire', async () => {
      const ch = await w.newChannel('c72');
      const r = await receiver();
      const starts = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['triggerword'], trigger_when: 1, callback_urls: [`${r.url}/starts`], content_type: FORM });
      const exact = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['triggerword'], trigger_when: 0, callback_urls: [`${r.url}/exact`], content_type: FORM });
      const long = await member.client.createPost({ channel_id: ch.id, message: 'triggerwordaaazzz lorem ipsum' });
      assert.deepEqual(await firedFor([starts, exact], long.id), [starts.id]);
      const inside = await member.client.createPost({ channel_id: ch.id, message: 'aaatriggerword lorem' });
      assert.deepEqual(await firedFor([starts, exact], inside.id), [], 'starts-with never matches inside a word');
      const same = await member.client.createPost({ channel_id: ch.id, message: 'triggerword lorem' });
      assert.deepEqual(await firedFor([starts, exact], same.id), [starts.id, exact.id]);
      await r.waitFor(3);
      const byPath = (p: string) => r.requests.filter((q) => q.path === p).map((q) => [q.form.post_id, q.form.trigger_word]);
      assert.deepEqual(byPath('/starts').sort(), [[long.id, 'triggerword'], [same.id, 'triggerword']].sort());
      assert.deepEqual(byPath('/exact'), [[same.id, 'triggerword']]);
    });

    await t.test('exact mode is case-sensitive and keeps punctuation; leading whitespace is skipped', async () => {
      const ch = await w.newChannel('cx');
      const r = await receiver();
      const hook = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['deploy'], callback_urls: [r.url] });
      for (const message of ['Deploy now', 'deploy, now', 'deploynow', 'say deploy']) {
        const p = await member.client.createPost({ channel_id: ch.id, message });
        assert.deepEqual(await firedFor([hook], p.id), [], message);
      }
      const p = await member.client.createPost({ channel_id: ch.id, message: ' \u3000\tdeploy\u00a0now' });
      assert.deepEqual(await firedFor([hook], p.id), [hook.id]);
      const [req] = await r.waitFor(1);
      assert.equal(req.json.post_id, p.id, 'the receiver saw only the matching post');
    });

    await t.test('73-75. channel-only hooks fire on every post, also file-only ones, in both modes, with trigger_word ""', async () => {
      const ch = await w.newChannel('c73');
      const r = await receiver();
      const formExact = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_when: 0, callback_urls: [`${r.url}/form`], content_type: FORM });
      const jsonStarts = await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_when: 1, callback_urls: [`${r.url}/json`], content_type: 'application/json' });
      const files = ['f'.repeat(26), 'g'.repeat(26)];
      const fileOnly = await member.client.createPost({ channel_id: ch.id, message: '', file_ids: files });
      const worded = await member.client.createPost({ channel_id: ch.id, message: 'triggerword lorem ipsum' });
      await r.waitFor(4);
      await finishedDeliveries(w, jsonStarts.id, worded.id);
      for (const [hook, path, json] of [[formExact, '/form', false], [jsonStarts, '/json', true]] as const) {
        const got = r.requests.filter((q) => q.path === path);
        assert.equal(got.length, 2, path);
        for (const post of [fileOnly, worded]) {
          const req = got.find((q) => (json ? q.json : q.form).post_id === post.id)!;
          assert.ok(req, `${path} got ${post.id}`);
          assert.equal(req.headers['content-type'], json ? 'application/json' : FORM);
          const fields = json ? req.json : req.form;
          assert.deepEqual({ ...fields }, expectedFields(w, hook, post, ch, member, '', json));
          if (json) assert.deepEqual(Object.keys(req.json), JSON_KEYS, '75. JSON field order');
          else assert.deepEqual(req.body.split('&').map((kv) => kv.split('=')[0]), FORM_KEYS, 'form keys sorted');
        }
      }
      const jsonFileOnly = r.requests.find((q) => q.path === '/json' && q.json.post_id === fileOnly.id)!;
      assert.equal(jsonFileOnly.json.file_ids, files.join(','), '75. file_ids joined with ","');
      assert.equal(typeof jsonFileOnly.json.timestamp, 'number', '75. timestamp in ms');
      // A channel-only hook in another channel stays silent.
      const other = await w.newChannel('c73b');
      const p = await member.client.createPost({ channel_id: other.id, message: 'anything' });
      assert.deepEqual(await firedFor([formExact, jsonStarts], p.id), []);
    });

    await t.test('a regenerated token is sent at once (§6.8)', async () => {
      const ch = await w.newChannel('regen');
      const r = await receiver();
      const hook = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [r.url] });
      const regen = await admin.client.regenOutgoingHookToken(hook.id);
      await member.client.createPost({ channel_id: ch.id, message: 'which token?' });
      const [req] = await r.waitFor(1);
      assert.equal(req.json.token, regen.token);
    });

    await t.test('multi-byte trigger words match by code point, and the form escapes UTF-8 bytes in upper-case hex', async () => {
      const ch = await w.newChannel('utf');
      const r = await receiver();
      await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['🚀'], trigger_when: 1, callback_urls: [`${r.url}/rocket`], content_type: FORM });
      await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['déploie'], callback_urls: [`${r.url}/fr`], content_type: FORM });
      const rocket = await member.client.createPost({ channel_id: ch.id, message: '🚀launch ok' });
      const [first] = await r.waitFor(1);
      assert.equal(first.path, '/rocket');
      assert.ok(first.body.includes('text=%F0%9F%9A%80launch+ok&'), first.body);
      assert.ok(first.body.includes('trigger_word=%F0%9F%9A%80&'), first.body);
      assert.equal(first.form.post_id, rocket.id);
      const fr = await member.client.createPost({ channel_id: ch.id, message: 'déploie maintenant' });
      const reqs = await r.waitFor(2);
      assert.deepEqual([reqs[1].path, reqs[1].form.post_id, reqs[1].form.trigger_word], ['/fr', fr.id, 'déploie']);
    });

    await t.test('76. content_type "" uses the form encoding', async () => {
      const ch = await w.newChannel('c76');
      const r = await receiver();
      await createHook(admin, { team_id: team.id, channel_id: ch.id, trigger_words: ['seventysix'], callback_urls: [r.url], content_type: '' });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'seventysix *go* ~ok (v2)!' });
      const [req] = await r.waitFor(1);
      assert.equal(req.headers['content-type'], FORM);
      assert.equal(req.form.post_id, post.id);
      assert.ok(req.body.includes('text=seventysix+%2Ago%2A+~ok+%28v2%29%21'), req.body);
    });

    await t.test('78. several hooks on one post all fire, each with its own trigger word (D-a)', async () => {
      const ch = await w.newChannel('c78');
      const r = await receiver();
      const exactHook = await createHook(admin, { team_id: team.id, trigger_words: ['other78', 'build78'], callback_urls: [`${r.url}/1`] });
      const prefixHook = await createHook(admin, { team_id: team.id, trigger_words: ['b', 'bui'], trigger_when: 1, callback_urls: [`${r.url}/2`] });
      const channelHook = await createHook(admin, { team_id: team.id, channel_id: ch.id, callback_urls: [`${r.url}/3`] });
      const elsewhere = await createHook(admin, { team_id: w.otherTeam.id, trigger_words: ['build78'], callback_urls: [`${r.url}/4`] });
      const post = await member.client.createPost({ channel_id: ch.id, message: 'build78 all the things' });
      const fired = await firedFor([exactHook, prefixHook, channelHook, elsewhere], post.id);
      assert.deepEqual(fired, [exactHook.id, prefixHook.id, channelHook.id], 'another team\'s hook never fires');
      await r.waitFor(3);
      const words = Object.fromEntries(r.requests.map((q) => [q.path, q.json.trigger_word]));
      assert.deepEqual(words, { '/1': 'build78', '/2': 'b', '/3': '' });
    });
  });
}
