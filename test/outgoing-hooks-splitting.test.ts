// Long replies split into several posts (spec §4.9 [D-k]; §9 items 38-41, 82): text cut at
// MaxPostSize code points, attachments packed on the last post(s) under the 760000 code-point props
// limit, oversized props refused. Reply bodies stay under the 1 MiB read limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import type { Receiver } from './support/receiver.js';
import { clientError } from './support/wire.js';
import { startHookWorld, webhookPosts } from './support/hooks.js';
import { exchanger } from './support/hook-exchange.js';

const codePoints = (s: string) => [...s].length;
const attachment = (name: string, size: number) => ({ title: name, text: 'a'.repeat(size) });

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: splitting long replies (§9 items 38-41, 82)`, async (t) => {
    const w = await startHookWorld(kind);
    const receivers: Receiver[] = [];
    t.after(async () => {
      for (const r of receivers) await r.close();
      await w.server.stop();
    });
    const exchange = exchanger(w, receivers);

    await t.test('38. text of 1.5 × MaxPostSize code points → two posts: MaxPostSize code points, then the rest', async () => {
      const text = '😀'.repeat(6000); // astral characters: code points, not UTF-16 units, are counted
      const x = await exchange({ text });
      assert.deepEqual(x.posts.map((p) => codePoints(p.message)), [4000, 2000]);
      assert.equal(x.posts.map((p) => p.message).join(''), text);
      assert.ok(x.posts.every((p) => p.props.from_webhook === 'true' && p.root_id === '' && p.user_id === w.admin.id));
      assert.ok(x.posts[0].create_at < x.posts[1].create_at, 'created in order');
      assert.deepEqual((await webhookPosts(w, x.channel.id)).map((p) => p.id), x.posts.map((p) => p.id));
    });

    await t.test('39. long text plus several attachments → the attachments are on the last post, in order', async () => {
      const x = await exchange({ text: 'b'.repeat(5000), attachments: [attachment('one', 10), attachment('two', 10), attachment('three', 10)] });
      assert.deepEqual(x.posts.map((p) => codePoints(p.message)), [4000, 1000]);
      assert.equal('attachments' in x.posts[0].props, false);
      assert.deepEqual(x.posts[1].props.attachments.map((a: any) => a.title), ['one', 'two', 'three']);
      assert.ok(x.posts.every((p) => p.type === 'slack_attachment'));
    });

    await t.test('40. props (without attachments) over 760000 code points → no post, split_props_length', async () => {
      const x = await exchange({ text: 'big props', props: { blob: 'p'.repeat(760_001) } });
      assert.equal(x.delivery.state, 'succeeded');
      assert.equal(x.delivery.reply_error, 'web.incoming_webhook.split_props_length.app_error');
      assert.deepEqual(x.posts, []);
      assert.deepEqual(await webhookPosts(w, x.channel.id), []);
    });

    await t.test('41. attachment packing yields one, two or three posts as the sizes require', async () => {
      const one = await exchange({ text: 'small', attachments: [attachment('a', 1000), attachment('b', 1000), attachment('c', 1000)] });
      assert.deepEqual(one.posts.map((p) => p.props.attachments.map((a: any) => a.title)), [['a', 'b', 'c']]);
      // 400000 code points of shared props leave room for one 190000 attachment per post, not two.
      const shared = { blob: 'p'.repeat(400_000) };
      const two = await exchange({ text: 'two', props: shared, attachments: [attachment('a', 190_000), attachment('b', 190_000)] });
      assert.deepEqual(two.posts.map((p) => [p.message, p.props.attachments.map((a: any) => a.title)]), [['two', ['a']], ['', ['b']]]);
      assert.ok(two.posts.every((p) => p.props.blob === shared.blob), 'every part carries the shared props');
      const three = await exchange({ text: 'three', props: shared, attachments: [attachment('a', 190_000), attachment('b', 190_000), attachment('c', 190_000)] });
      assert.deepEqual(three.posts.map((p) => p.props.attachments.map((a: any) => a.title)), [['a'], ['b'], ['c']]);
      assert.deepEqual(three.delivery.reply_post_ids, three.posts.map((p) => p.id));
    });

    await t.test('82. a user post of 4001 code points → 400; a 4001-code-point reply → two posts (D-k)', async () => {
      await assert.rejects(
        w.member.client.createPost({ channel_id: w.town.id, message: 'é'.repeat(4001) }),
        clientError(400, 'model.post.is_valid.message_length.app_error'),
      );
      const exact = await w.member.client.createPost({ channel_id: w.town.id, message: 'é'.repeat(4000) });
      assert.equal(codePoints(exact.message), 4000);
      const x = await exchange({ text: 'é'.repeat(4001) });
      assert.deepEqual(x.posts.map((p) => codePoints(p.message)), [4000, 1]);
    });
  });
}
