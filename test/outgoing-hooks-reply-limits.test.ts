// Reply limits end to end: a real receiver answers, the real server refuses a reply over any limit
// (no post, a succeeded delivery whose reply_error names the limit) and posts one exactly at them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import type { Receiver } from './support/receiver.js';
import { startHookWorld, webhookPosts } from './support/hooks.js';
import { exchanger } from './support/hook-exchange.js';

const list = (n: number, item: (i: number) => unknown) => Array.from({ length: n }, (_, i) => item(i));
const attachment = (fields: number, actions: number) => ({
  text: 'a',
  fields: list(fields, (i) => ({ title: 'f', value: i, short: true })),
  actions: list(actions, (i) => ({ name: `n${i}`, type: 'button' })),
});
const codePoints = (s: string) => [...s].length;

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: reply limits`, async (t) => {
    const w = await startHookWorld(kind);
    const receivers: Receiver[] = [];
    t.after(async () => {
      for (const r of receivers) await r.close();
      await w.server.stop();
    });
    const exchange = exchanger(w, receivers);

    await t.test('exactly at every limit: 100 attachments × 100 fields × 25 actions and 10 posts of text are posted', async () => {
      const text = '😀'.repeat(40_000);
      const x = await exchange({ text, attachments: list(100, () => attachment(100, 25)) });
      assert.deepEqual([x.delivery.state, x.delivery.reply_error], ['succeeded', ''], x.delivery.last_error);
      assert.equal(x.posts.length, 10);
      assert.deepEqual(x.posts.map((p) => codePoints(p.message)), list(10, () => 4000));
      const attached = x.posts[9].props.attachments;
      assert.equal(attached.length, 100);
      assert.ok(attached.every((a: any) => a.fields.length === 100 && a.actions.length === 25));
      assert.equal(attached[0].fields[99].value, '99');
    });

    const overLimit: Array<[string, unknown, string]> = [
      ['101 attachments', { text: 'x', attachments: list(101, () => ({ text: 'a' })) }, 'too_many_attachments'],
      ['101 attachments in props.attachments', { props: { attachments: list(101, () => ({ text: 'a' })) } }, 'too_many_attachments'],
      ['101 fields on one attachment', { attachments: [attachment(1, 0), attachment(101, 0)] }, 'too_many_fields'],
      ['26 actions on one attachment', { attachments: [attachment(0, 26)] }, 'too_many_actions'],
      ['text for 11 posts', { text: 'x'.repeat(40_001) }, 'too_many_posts'],
      // 10 posts of text; the second big attachment no longer fits on the 10th post and needs an 11th.
      ['10 posts of text plus attachments that overflow into an 11th', { text: 'x'.repeat(40_000), attachments: list(2, () => ({ text: 'a'.repeat(400_000) })) }, 'too_many_posts'],
      ['1 MiB of plain text (was 250 posts)', { text: 'x'.repeat(1_048_000) }, 'too_many_posts'],
      ['100,001 JSON values in props', { text: 'x', props: { a: list(99_997, () => 0) } }, 'too_many_values'],
    ];
    for (const [name, reply, what] of overLimit) {
      await t.test(`${name} → no post, reply_error ${what}`, async () => {
        const x = await exchange(reply);
        assert.deepEqual(
          [x.delivery.state, x.delivery.reply_error, x.delivery.reply_post_ids],
          ['succeeded', `api.outgoing_webhook.reply.${what}.app_error`, []],
        );
        assert.deepEqual(await webhookPosts(w, x.channel.id), []);
      });
    }

    await t.test('exactly 100,000 JSON values are posted', async () => {
      // root, text, props and a: 4 values, plus the elements.
      const x = await exchange({ text: 'x', props: { a: list(99_996, () => 0) } });
      assert.deepEqual([x.delivery.reply_error, x.posts.length], ['', 1]);
      assert.equal(x.posts[0].props.a.length, 99_996);
    });

    await t.test('the attacker\'s reply: 340,000 empty attachments in under 1 MiB → no post, refused before it is parsed', async () => {
      const body = `{"attachments":[${Array(340_000).fill('{}').join(',')}]}`;
      assert.ok(Buffer.byteLength(body) < 1_048_576);
      const x = await exchange(body);
      assert.deepEqual([x.delivery.state, x.delivery.reply_error], ['succeeded', 'api.outgoing_webhook.reply.too_many_values.app_error']);
      assert.deepEqual(await webhookPosts(w, x.channel.id), []);
    });
  });
}
