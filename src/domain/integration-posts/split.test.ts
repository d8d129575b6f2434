// Tests for splitting a reply into posts (§4.9 [D-k]; checklist items 38-41).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePointLength } from '../posts.js';
import { decodeAttachments, type SlackAttachment } from '../slack/attachments.js';
import { PROPS_MAX_CODE_POINTS, splitReply, splitText, type SplitPart } from './split.js';

const textCases: Array<[string, string, number, string[]]> = [
  ['empty text gives one empty chunk', '', 4, ['']],
  ['at the limit: one chunk', 'abcd', 4, ['abcd']],
  ['one over: two chunks', 'abcde', 4, ['abcd', 'e']],
  ['exact multiple', 'abcdefgh', 4, ['abcd', 'efgh']],
  ['counts code points, never splits a pair', '😀😀😀😀😀', 2, ['😀😀', '😀😀', '😀']],
  ['spaces are kept', '    ', 3, ['   ', ' ']],
  ['a pair is never cut at a chunk end', 'a😀b😀', 2, ['a😀', 'b😀']],
  ['lone surrogates count as one code point each', '\ud83dx\ude00yz', 2, ['\ud83dx', '\ude00y', 'z']],
];
for (const [name, text, max, expected] of textCases) {
  test(`splitText: ${name}`, () => assert.deepEqual(splitText(text, max), expected));
}

test('#38 1.5 × MaxPostSize code points → MaxPostSize, then the rest', () => {
  const text = '€'.repeat(4000) + '😀'.repeat(2000);
  const parts = splitText(text, 4000);
  assert.equal(parts.length, 2);
  assert.equal(parts[0], '€'.repeat(4000));
  assert.equal(parts[1], '😀'.repeat(2000));
});

const att = (over: object): SlackAttachment => decodeAttachments([over])[0]!;
const propsLength = (p: SplitPart) => codePointLength(JSON.stringify(p.props));
const split = (message: string, attachments: SlackAttachment[], props: Record<string, unknown> = {}, maxPostSize = 4000) => {
  const parts = splitReply({ message, props, attachments, maxPostSize });
  assert.ok(Array.isArray(parts), 'expected parts');
  for (const p of parts) assert.ok(propsLength(p) <= PROPS_MAX_CODE_POINTS, `props of ${propsLength(p)}`);
  return parts;
};

test('#39 long text plus attachments: text chunks first, attachments on the last post in order', () => {
  const parts = split('x'.repeat(9000), [att({ text: 'a' }), att({ text: 'b' }), att({ text: 'c' })], { from_webhook: 'true' });
  assert.deepEqual(parts.map((p) => codePointLength(p.message)), [4000, 4000, 1000]);
  assert.equal(parts[0].props.attachments, undefined);
  assert.equal(parts[1].props.attachments, undefined);
  assert.deepEqual(parts[2].props.attachments, [{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
  for (const p of parts) assert.equal(p.props.from_webhook, 'true');
});

test('#40 props over 760000 code points refuse the reply', () => {
  const fits = splitReply({ message: 'x', props: { a: 'é'.repeat(PROPS_MAX_CODE_POINTS - 8) }, attachments: [], maxPostSize: 4000 });
  assert.ok(Array.isArray(fits));
  const over = splitReply({ message: 'x', props: { a: 'é'.repeat(PROPS_MAX_CODE_POINTS - 7) }, attachments: [], maxPostSize: 4000 });
  assert.ok(!Array.isArray(over));
  assert.equal(over.id, 'web.incoming_webhook.split_props_length.app_error');
  assert.equal(over.kind, 'invalid');
});

const big = (n: number, label = 'x') => att({ text: label.repeat(n) });
const packingCases: Array<[string, string, SlackAttachment[], number[]]> = [
  // [name, message, attachments, attachment count per post]
  ['#41 small attachments share one post', 'hi', [big(10), big(10), big(10)], [3]],
  ['#41 two big attachments need two posts', 'hi', [big(400_000), big(400_000)], [1, 1]],
  ['#41 three big attachments need three posts', 'hi', [big(400_000), big(400_000), big(400_000)], [1, 1, 1]],
  ['#41 big, small, small: the small ones pack together after the big one', '', [big(700_000), big(100_000), big(100_000)], [1, 2]],
  ['exactly at the limit stays on one post', '', [big(PROPS_MAX_CODE_POINTS - 29)], [1]],
  ['one more attachment after an exact fit opens a post', '', [big(PROPS_MAX_CODE_POINTS - 29), big(0)], [1, 1]],
];
for (const [name, message, attachments, perPost] of packingCases) {
  test(`packing: ${name}`, () => {
    const parts = split(message, attachments);
    assert.deepEqual(parts.map((p) => ((p.props.attachments as unknown[] | undefined) ?? []).length), perPost);
    assert.equal(parts[0].message, message);
    for (const p of parts.slice(1)) assert.equal(p.message, '');
    const texts = parts.flatMap((p) => (p.props.attachments as Array<{ text?: string }>).map((a) => a.text ?? ''));
    assert.deepEqual(texts.map((t) => t.length), attachments.map((a) => a.text.length), 'order and content kept');
  });
}

test('an attachment too big even alone has its text shortened by the excess', () => {
  const parts = split('', [big(PROPS_MAX_CODE_POINTS)]);
  assert.equal(parts.length, 1);
  assert.equal(propsLength(parts[0]), PROPS_MAX_CODE_POINTS);
  const [only] = parts[0].props.attachments as Array<{ text: string }>;
  assert.equal(only.text.length, PROPS_MAX_CODE_POINTS - 29);
});

test('an attachment too big whose text is shorter than the excess refuses the reply', () => {
  const result = splitReply({ message: '', props: {}, attachments: [att({ title: 'x'.repeat(PROPS_MAX_CODE_POINTS), text: 'short' })], maxPostSize: 4000 });
  assert.ok(!Array.isArray(result));
  assert.equal(result.id, 'web.incoming_webhook.split_props_length.app_error');
});

test('every part gets its own props object', () => {
  const parts = split('abcdef', [], { k: 'v' }, 3);
  assert.equal(parts.length, 2);
  assert.notEqual(parts[0].props, parts[1].props);
  assert.deepEqual(parts[0].props, parts[1].props);
});

test('maxPosts: text and attachment overflow count together; one post more is refused', () => {
  const tooMany = (r: ReturnType<typeof splitReply>) => {
    assert.ok(!Array.isArray(r), 'expected a refusal');
    assert.equal(r.id, 'api.outgoing_webhook.reply.too_many_posts.app_error');
  };
  // 9 posts of text, then two attachments that cannot share a post: 10 posts, at the limit.
  const two = [big(400_000), big(400_000)];
  const fits = splitReply({ message: 'x'.repeat(8_001), props: {}, attachments: two, maxPostSize: 1000, maxPosts: 10 });
  assert.ok(Array.isArray(fits));
  assert.equal(fits.length, 10);
  // The same with a third big attachment needs an 11th post.
  tooMany(splitReply({ message: 'x'.repeat(8_001), props: {}, attachments: [...two, big(400_000)], maxPostSize: 1000, maxPosts: 10 }));
  // Text alone: counted before it is cut.
  tooMany(splitReply({ message: 'x'.repeat(10_001), props: {}, attachments: [], maxPostSize: 1000, maxPosts: 10 }));
  assert.equal((splitReply({ message: 'x'.repeat(10_000), props: {}, attachments: [], maxPostSize: 1000, maxPosts: 10 }) as SplitPart[]).length, 10);
  // Without maxPosts nothing is refused for its number of posts.
  assert.equal((splitReply({ message: 'x'.repeat(20_000), props: {}, attachments: [], maxPostSize: 1000 }) as SplitPart[]).length, 20);
});
