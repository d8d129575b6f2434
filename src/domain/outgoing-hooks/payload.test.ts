// Tests for the request body (§3.2-§3.4; checklist items 15, 71, 75, 76) against the seed's example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildPayload, encodeBody, encodeForm, encodeJson, queryEscape, requestContentType, toWellFormed, type OutgoingPayload,
} from './payload.js';

const seed = (over: Partial<OutgoingPayload> = {}): OutgoingPayload => ({
  token: 'zmigewsanbbsdf59xnmduzypjc', team_id: 'kwoknj9nwpypzgzy78wkw516qe', team_domain: 'someteam',
  channel_id: 'hawos4dqtby53pd64o4a4cmeoo', channel_name: 'town-square', timestamp: 1445532266123,
  user_id: 'rnina9994bde8mua79zqcg5hmo', user_name: 'somename', post_id: 'axdygg1957njfe5pu38saikdho',
  text: 'some text here', trigger_word: 'some', file_ids: '', ...over,
});

test('buildPayload takes handles (names), not display names, and joins file ids', () => {
  const p = buildPayload({
    hook: { token: 'zmigewsanbbsdf59xnmduzypjc', team_id: 'kwoknj9nwpypzgzy78wkw516qe' },
    triggerWord: 'some',
    post: { id: 'axdygg1957njfe5pu38saikdho', create_at: 1445532266123, message: 'some text here', file_ids: [] },
    channel: { id: 'hawos4dqtby53pd64o4a4cmeoo', name: 'town-square' },
    team: { name: 'someteam' },
    user: { id: 'rnina9994bde8mua79zqcg5hmo', username: 'somename' },
  });
  assert.deepEqual(p, seed());
  assert.deepEqual(Object.keys(p).length, 12);
  const withFiles = buildPayload({
    hook: { token: 't', team_id: 'T' }, triggerWord: '', post: { id: 'p', create_at: 1, message: '', file_ids: ['f1', 'f2'] },
    channel: { id: 'c', name: 'n' }, team: { name: 'tn' }, user: { id: 'u', username: 'un' },
  });
  assert.equal(withFiles.file_ids, 'f1,f2');
  assert.equal(withFiles.trigger_word, '');
});

test('§3.3 form body of the seed example, byte for byte', () => {
  assert.equal(
    encodeForm(seed()),
    'channel_id=hawos4dqtby53pd64o4a4cmeoo&channel_name=town-square&file_ids=&post_id=axdygg1957njfe5pu38saikdho&team_domain=someteam&team_id=kwoknj9nwpypzgzy78wkw516qe&text=some+text+here&timestamp=1445532266&token=zmigewsanbbsdf59xnmduzypjc&trigger_word=some&user_id=rnina9994bde8mua79zqcg5hmo&user_name=somename',
  );
});

test('#15 timestamp=123 for create_at 123000, and keys are sorted', () => {
  const body = encodeForm(seed({ timestamp: 123000 }));
  assert.match(body, /(^|&)timestamp=123(&|$)/);
  const keys = body.split('&').map((kv) => kv.split('=')[0]);
  assert.deepEqual(keys, [...keys].sort());
  assert.equal(keys.length, 12);
  assert.match(encodeForm(seed({ timestamp: 123999 })), /timestamp=123&/);
});

const escapeCases: Array<[string, string, string]> = [
  ['spec example', 'deploy *now* ~ok (v2)!', 'deploy+%2Anow%2A+~ok+%28v2%29%21'],
  ['unreserved kept', 'AZaz09-_.~', 'AZaz09-_.~'],
  ['quote and apostrophe', `"it's"`, '%22it%27s%22'],
  ['reserved characters', '&=+/?#%', '%26%3D%2B%2F%3F%23%25'],
  ['multi-byte UTF-8, upper-case hex', 'é€🚀', '%C3%A9%E2%82%AC%F0%9F%9A%80'],
  ['newline', 'a\nb', 'a%0Ab'],
  ['lone high surrogate → U+FFFD', 'a\uD800b', 'a%EF%BF%BDb'],
  ['lone low surrogate → U+FFFD', '\uDC00', '%EF%BF%BD'],
  ['empty', '', ''],
];
for (const [name, input, expected] of escapeCases) {
  test(`queryEscape: ${name}`, () => assert.equal(queryEscape(input), expected));
}

test('toWellFormed keeps pairs and replaces lone surrogates', () => {
  for (const [input, expected] of [
    ['abc', 'abc'], ['🚀', '🚀'], ['\uD83D', '\uFFFD'], ['\uDE80\uD83D', '\uFFFD\uFFFD'], ['x\uD83D🚀', 'x\uFFFD🚀'],
  ]) assert.equal(toWellFormed(input), expected, JSON.stringify(input));
});

test('§3.4 JSON body of the seed example: field order, ms timestamp, no newline', () => {
  assert.equal(
    encodeJson(seed()),
    '{"token":"zmigewsanbbsdf59xnmduzypjc","team_id":"kwoknj9nwpypzgzy78wkw516qe","team_domain":"someteam","channel_id":"hawos4dqtby53pd64o4a4cmeoo","channel_name":"town-square","timestamp":1445532266123,"user_id":"rnina9994bde8mua79zqcg5hmo","user_name":"somename","post_id":"axdygg1957njfe5pu38saikdho","text":"some text here","trigger_word":"some","file_ids":""}',
  );
});

test('JSON body escapes like Go and stays equivalent JSON', () => {
  const text = 'a<b>&c\u2028\u2029"\\\uD800';
  const body = encodeJson(seed({ text }));
  assert.ok(body.includes('"text":"a\\u003cb\\u003e\\u0026c\\u2028\\u2029\\"\\\\\uFFFD"'), body);
  assert.equal(JSON.parse(body).text, 'a<b>&c\u2028\u2029"\\\uFFFD');
});

const contentTypeCases: Array<[string, string, string]> = [
  ['#75 application/json → JSON', 'application/json', 'application/json'],
  ['#76 "" → form', '', 'application/x-www-form-urlencoded'],
  ['case-sensitive', 'Application/JSON', 'application/x-www-form-urlencoded'],
  ['parameters are not JSON', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded'],
  ['explicit form', 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
];
for (const [name, contentType, expected] of contentTypeCases) {
  test(`requestContentType: ${name}`, () => {
    assert.equal(requestContentType({ content_type: contentType }), expected);
    const encoded = encodeBody({ content_type: contentType }, seed());
    assert.equal(encoded.contentType, expected);
    assert.equal(encoded.body, expected === 'application/json' ? encodeJson(seed()) : encodeForm(seed()));
  });
}

test('#71 form body for "triggerword lorem ipsum" carries trigger_word and seconds', () => {
  const body = encodeForm(seed({ text: 'triggerword lorem ipsum', trigger_word: 'triggerword', timestamp: 1700000000999 }));
  assert.ok(body.includes('text=triggerword+lorem+ipsum'));
  assert.ok(body.includes('trigger_word=triggerword'));
  assert.ok(body.includes('timestamp=1700000000&'));
});

test('#75 JSON body: ms timestamp and file_ids joined with ","', () => {
  const parsed = JSON.parse(encodeJson(seed({ file_ids: 'a,b', timestamp: 1700000000999 })));
  assert.equal(parsed.timestamp, 1700000000999);
  assert.equal(parsed.file_ids, 'a,b');
});
