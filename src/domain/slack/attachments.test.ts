// Tests for attachment processing (§4.10 steps 1-5) and their stored JSON form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attachmentReferenceTexts, attachmentToJson, decodeAttachments, decodeSlackBool, processAttachments, type SlackAttachment,
} from './attachments.js';
import { DecodeError } from '../go-json/decode.js';

const U1 = 'u1u1u1u1u1u1u1u1u1u1u1u1u1';
const lookups = { usernames: new Map([[U1, 'alice']]), publicChannelNames: new Map<string, string>() };

const decodeOne = (raw: object): SlackAttachment => decodeAttachments([raw])[0]!;

test('steps 1-4: nulls dropped, %v values, translation per key', () => {
  const list = decodeAttachments([
    null,
    {
      pretext: '<!here> <http://a|b|c>', text: `<@${U1}> <x\ny|z>`, title: `<@${U1}> <http://t|t>`,
      fallback: '<!channel> <http://f|f>', author_name: '<!channel>', footer: '<http://f|f>',
      fields: [null, { title: '<!here>', value: 1234567, short: true }, { value: '<!all> <http://v|v|w>' }, { value: [1, { b: 1, a: true }] }, { value: null }],
    },
  ]);
  const [a, ...rest] = processAttachments(list, lookups);
  assert.equal(rest.length, 0);
  assert.equal(a.pretext, '@here [b|c](http://a)');
  assert.equal(a.text, '@alice [z](x\ny)');
  assert.equal(a.title, '@alice <http://t|t>', 'title: references yes, link rule no');
  assert.equal(a.fallback, '<!channel> <http://f|f>', 'fallback untouched');
  assert.equal(a.author_name, '<!channel>', 'author_name untouched');
  assert.equal(a.footer, '<http://f|f>', 'footer untouched');
  assert.deepEqual(a.fields, [
    { title: '<!here>', value: '1.234567e+06', short: true },
    { title: '', value: '@all [v|w](http://v)', short: false },
    { title: '', value: '[1 map[a:true b:1]]', short: false },
    { title: '', value: null, short: false },
  ]);
});

test('processing does not mutate its input', () => {
  const list = decodeAttachments([{ text: '<!here>', fields: [{ value: 2 }] }]);
  processAttachments(list, lookups);
  assert.equal(list[0]!.text, '<!here>');
  assert.equal(list[0]!.fields[0]!.value, 2);
});

test('reference texts include %v-formatted field values', () => {
  const list = decodeAttachments([null, { pretext: 'p', text: 't', title: 'ti', fields: [null, { value: 5 }, { value: null }] }]);
  assert.deepEqual(attachmentReferenceTexts(list), ['p', 't', 'ti', '5']);
});

const shortCases: Array<[unknown, boolean | 'error']> = [
  [true, true], [false, false], ['true', true], ['FALSE', false], ['True', true], ['yes', 'error'], [1, 'error'], [null, 'error'], ['', 'error'],
];
for (const [value, expected] of shortCases) {
  test(`fields[].short ${JSON.stringify(value)} → ${expected}`, () => {
    if (expected === 'error') assert.throws(() => decodeSlackBool(value, 'short'), DecodeError);
    else assert.equal(decodeSlackBool(value, 'short'), expected);
  });
}

test('stored JSON omits empty keys, keeps Mattermost key order and full fields', () => {
  const a = decodeOne({ text: 'x', title: 't', color: '', ts: '1', fields: [{ title: 'f', value: 'v' }], image_url: 'i', unknown: 1 });
  const json = attachmentToJson(a);
  assert.deepEqual(Object.keys(json), ['title', 'text', 'fields', 'image_url', 'ts']);
  assert.deepEqual(json.fields, [{ title: 'f', value: 'v', short: false }]);
  assert.deepEqual(attachmentToJson(decodeOne({})), {});
  assert.deepEqual(attachmentToJson(decodeOne({ id: 4, actions: [{ name: 'a' }] })), { id: 4, actions: [{ name: 'a' }] });
});
