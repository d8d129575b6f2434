// Table tests for hook parsing, §1.3 validation (checklist items 1-14) and the §6.9 duplicate rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeId, uuidV4Bytes } from '../ids.js';
import { hooksIntersect, listRenderingBytes, parseHookInput, validateHook, type OutgoingHook } from './hook.js';
import { AppError } from '../errors.js';

const ID = 'abcdefghijklmnopqrstuvwxyz';
const validHook = (over: Partial<OutgoingHook> = {}): OutgoingHook => ({
  id: ID, token: 'zmigewsanbbsdf59xnmduzypjc', create_at: 1000, update_at: 1000, delete_at: 0,
  creator_id: 'rnina9994bde8mua79zqcg5hmo', channel_id: 'hawos4dqtby53pd64o4a4cmeoo',
  team_id: 'kwoknj9nwpypzgzy78wkw516qe', trigger_words: ['build'], trigger_when: 0,
  callback_urls: ['http://nowhere.com/'], display_name: 'bot', description: '', content_type: '',
  username: '', icon_url: '', disabled_at: 0, ...over,
});

const P = 'model.outgoing_hook.is_valid.';
const cases: Array<[string, Partial<OutgoingHook>, string | null]> = [
  ['#1 every field valid', {}, null],
  ['#1 team-wide hook (channel "")', { channel_id: '' }, null],
  ['check 1 bad id', { id: 'junk' }, `${P}id.app_error`],
  ['#13 token of 25 bytes', { token: 'a'.repeat(25) }, `${P}token.app_error`],
  ['#13 token of 27 bytes', { token: 'a'.repeat(27) }, `${P}token.app_error`],
  ['#13 token is measured in bytes, not characters', { token: 'é'.repeat(13) }, null],
  ['#13 empty token', { token: '' }, `${P}token.app_error`],
  ['token is not checked against the id alphabet', { token: '-'.repeat(26) }, null],
  ['check 3 create_at 0', { create_at: 0 }, `${P}create_at.app_error`],
  ['check 4 update_at 0', { update_at: 0 }, `${P}update_at.app_error`],
  ['check 5 creator', { creator_id: '' }, `${P}user_id.app_error`],
  ['check 6 channel', { channel_id: 'junk' }, `${P}channel_id.app_error`],
  ['check 7 team', { team_id: '' }, `${P}team_id.app_error`],
  ['#10 words rendering of 1024 bytes', { trigger_words: ['a'.repeat(1022)] }, null],
  ['#10 words rendering of 1025 bytes', { trigger_words: ['a'.repeat(1023)] }, `${P}words.app_error`],
  ['#10 rendering counts the separating spaces', { trigger_words: ['a'.repeat(510), 'b'.repeat(511)] }, null],
  ['#10 rendering counts the separating spaces (+1)', { trigger_words: ['a'.repeat(511), 'b'.repeat(511)] }, `${P}words.app_error`],
  ['#9 empty trigger word', { trigger_words: ['ok', ''] }, `${P}trigger_words.app_error`],
  ['trigger word with a space is accepted', { trigger_words: ['two words'] }, null],
  ['no trigger words at all', { trigger_words: [] }, null],
  ['#8 empty callback_urls', { callback_urls: [] }, `${P}callback.app_error`],
  ['callback rendering over 1024', { callback_urls: [`http://x.com/${'a'.repeat(1010)}`] }, `${P}callback.app_error`],
  ['#7 callback without scheme', { callback_urls: ['nowhere.com/'] }, `${P}url.app_error`],
  ['#7 http callback', { callback_urls: ['http://nowhere.com/'] }, null],
  ['https callback', { callback_urls: ['https://nowhere.com/hook?a=1'] }, null],
  ['upper-case scheme refused', { callback_urls: ['HTTP://nowhere.com/'] }, `${P}url.app_error`],
  ['ftp refused', { callback_urls: ['ftp://nowhere.com/'] }, `${P}url.app_error`],
  ['no host refused', { callback_urls: ['http://'] }, `${P}url.app_error`],
  ['one bad URL among good ones', { callback_urls: ['http://a.com/', 'b.com'] }, `${P}url.app_error`],
  // URL parsing would strip or escape these silently; the URL must be stored and sent as written.
  ...['http://a.com/x y', 'http://a.com/x\ty', 'http://a.com/\n', 'http://a.com/\r', 'http://a.com/\u0000', 'http://a.com/\u001f',
    'http://a.com/\u007f', 'http://a.com/\u0085', 'http://a.com/\u009f', 'http://a.com/x\u00a0', 'http://a.com/\u2028',
    'http://a.com/\u3000', 'http://a.com/\ufeff', 'http://a .com/', 'http://a.com/ ', ' http://a.com/']
    .map((url): [string, Partial<OutgoingHook>, string] => [`control or space in ${JSON.stringify(url)}`, { callback_urls: [url] }, `${P}url.app_error`]),
  ['escaped space and non-ASCII path accepted', { callback_urls: ['http://a.com/x%20y/é'] }, null],
  ['#2 display_name 64 bytes', { display_name: 'a'.repeat(64) }, null],
  ['#2 display_name 65 bytes', { display_name: 'a'.repeat(65) }, `${P}display_name.app_error`],
  ['#12 display_name of 22 three-byte characters', { display_name: '€'.repeat(22) }, `${P}display_name.app_error`],
  ['#12 display_name of 21 three-byte characters', { display_name: '€'.repeat(21) }, null],
  ['#3 description 500 bytes', { description: 'a'.repeat(500) }, null],
  ['#3 description 501 bytes', { description: 'a'.repeat(501) }, `${P}description.app_error`],
  ['#4 content_type 128 bytes', { content_type: 'a'.repeat(128) }, null],
  ['#4 content_type 129 bytes', { content_type: 'a'.repeat(129) }, `${P}content_type.app_error`],
  ['#11 trigger_when 1', { trigger_when: 1 }, null],
  ['#11 trigger_when 2', { trigger_when: 2 }, `${P}content_type.app_error`],
  ['#11 trigger_when -1 (D-h)', { trigger_when: -1 }, `${P}content_type.app_error`],
  ['#5 username 64 bytes', { username: 'a'.repeat(64) }, null],
  ['#5 username 65 bytes', { username: 'a'.repeat(65) }, 'model.outgoing_hook.username.app_error'],
  ['#6 icon_url 1024 bytes', { icon_url: 'a'.repeat(1024) }, null],
  ['#6 icon_url 1025 bytes', { icon_url: 'a'.repeat(1025) }, 'model.outgoing_hook.icon_url.app_error'],
  ['first failure wins (id before display_name)', { id: '', display_name: 'a'.repeat(65) }, `${P}id.app_error`],
  ['first failure wins (words before callback)', { trigger_words: [''], callback_urls: [] }, `${P}trigger_words.app_error`],
];

for (const [name, over, expected] of cases) {
  test(`validateHook: ${name}`, () => {
    const err = validateHook(validHook(over));
    if (expected === null) assert.equal(err, null);
    else {
      assert.ok(err instanceof AppError);
      assert.equal(err.id, expected);
      assert.equal(err.kind, 'invalid');
    }
  });
}

test('#14 a hook with generated ids and create_at == update_at passes', () => {
  const id = encodeId(uuidV4Bytes(new Uint8Array(16).fill(7)));
  const token = encodeId(uuidV4Bytes(new Uint8Array(16).fill(9)));
  assert.match(id, /^[ybndrfg8ejkmcpqxot1uwisza345h769]{26}$/);
  assert.equal(validateHook(validHook({ id, token, create_at: 5, update_at: 5 })), null);
});

test('list rendering is "[a b]"', () => {
  for (const [items, n] of [[[], 2], [['a', 'b'], 5], [['é'], 4]] as const) {
    assert.equal(listRenderingBytes(items), n, JSON.stringify(items));
  }
});

test('parseHookInput: Client4 body with defaults for absent fields', () => {
  const parsed = parseHookInput({ team_id: 't', channel_id: 'c', trigger_words: ['!bot'], callback_urls: ['http://x/'], display_name: 'bot' });
  assert.deepEqual(parsed, {
    id: '', token: '', create_at: 0, update_at: 0, delete_at: 0, creator_id: '', channel_id: 'c', team_id: 't',
    trigger_words: ['!bot'], trigger_when: 0, callback_urls: ['http://x/'], display_name: 'bot', description: '',
    content_type: '', username: '', icon_url: '',
  });
});

const parseCases: Array<[string, unknown, Record<string, unknown> | 'error']> = [
  ['null lists become []', { trigger_words: null, callback_urls: null }, { trigger_words: [], callback_urls: [] }],
  ['null strings become ""', { display_name: null }, { display_name: '' }],
  ['keys match case-insensitively', { Display_Name: 'x', TRIGGER_WHEN: 1 }, { display_name: 'x', trigger_when: 1 }],
  ['exact key preferred', { DISPLAY_NAME: 'no', display_name: 'yes' }, { display_name: 'yes' }],
  ['unknown keys ignored', { foo: 1 }, {}],
  ['null entry in a list is ""', { trigger_words: ['a', null] }, { trigger_words: ['a', ''] }],
  ['string where a list is expected', { trigger_words: 'a' }, 'error'],
  ['number in a list', { callback_urls: [1] }, 'error'],
  ['number where a string is expected', { display_name: 5 }, 'error'],
  ['string trigger_when', { trigger_when: '1' }, 'error'],
  ['fractional trigger_when', { trigger_when: 1.5 }, 'error'],
  ['array body', [], 'error'],
  ['null body', null, 'error'],
  ['string body', 'x', 'error'],
];
for (const [name, body, expected] of parseCases) {
  test(`parseHookInput: ${name}`, () => {
    const parsed = parseHookInput(body);
    if (expected === 'error') {
      assert.ok(parsed instanceof AppError);
      assert.equal(parsed.id, 'api.context.invalid_body_param.app_error');
    } else {
      assert.ok(!(parsed instanceof AppError));
      for (const [k, v] of Object.entries(expected)) assert.deepEqual((parsed as unknown as Record<string, unknown>)[k], v, k);
    }
  });
}

const h = (channel_id: string, trigger_words: string[], callback_urls: string[], team_id = 'T') =>
  ({ team_id, channel_id, trigger_words, callback_urls });
const intersectCases: Array<[string, ReturnType<typeof h>, ReturnType<typeof h>, boolean]> = [
  ['same channel, word and URL', h('C', ['a', 'b'], ['u']), h('C', ['b'], ['v', 'u']), true],
  ['both team-wide', h('', ['a'], ['u']), h('', ['a'], ['u']), true],
  ['different channel', h('C', ['a'], ['u']), h('D', ['a'], ['u']), false],
  ['channel vs team-wide', h('C', ['a'], ['u']), h('', ['a'], ['u']), false],
  ['no shared URL', h('C', ['a'], ['u']), h('C', ['a'], ['v']), false],
  ['no shared word', h('C', ['a'], ['u']), h('C', ['b'], ['u']), false],
  ['no trigger words never conflict', h('C', [], ['u']), h('C', [], ['u']), false],
  ['words compared exactly', h('C', ['A'], ['u']), h('C', ['a'], ['u']), false],
  ['different team', h('C', ['a'], ['u'], 'T1'), h('C', ['a'], ['u'], 'T2'), false],
];
for (const [name, a, b, expected] of intersectCases) {
  test(`hooksIntersect: ${name}`, () => {
    assert.equal(hooksIntersect(a, b), expected);
    assert.equal(hooksIntersect(b, a), expected);
  });
}
