// Tests for decoding a callback's answer (§3.7, §4.1, §4.10 parsing; checklist items 18-21, 81, 84).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReply, REPLY_MAX_BYTES, type HookReply } from './reply.js';
import { formatGoValue } from '../go-json/format.js';
import { firstJsonValue, MAX_JSON_DEPTH } from '../go-json/first-value.js';

const ok = (body: string | Uint8Array, truncated = false): HookReply | null => {
  const r = parseReply(body, truncated);
  assert.ok(r.ok, r.ok ? '' : `${r.error.id}: ${r.error.detailedError}`);
  return r.reply;
};
const fails = (body: string | Uint8Array, truncated = false): void => {
  const r = parseReply(body, truncated);
  assert.equal(r.ok, false, 'expected an unmarshal error');
  if (!r.ok) assert.equal(r.error.id, 'api.unmarshal_error');
};

test('#18 {"text":"Hello, World!"} decodes to that text with empty defaults', () => {
  assert.deepEqual(ok('{"text":"Hello, World!"}'), {
    text: 'Hello, World!', username: '', icon_url: '', props: null, attachments: [], type: '', response_type: '', priority: null,
  });
});

const emptyCases: Array<[string, string]> = [
  ['#24 empty body', ''],
  ['whitespace only', ' \r\n\t '],
  ['JSON null', 'null'],
  ['JSON null with spaces around', '  null  '],
  ['null followed by junk (Go stops at the literal)', 'nullx'],
];
for (const [name, body] of emptyCases) test(`no reply: ${name}`, () => assert.equal(ok(body), null));

const unmarshalCases: Array<[string, string, boolean?]> = [
  ['#19 garbage aaaaaaaa', 'aaaaaaaa'],
  ['text as a number', '{"text":5}'],
  ['props as a string', '{"props":"x"}'],
  ['props as an array', '{"props":[]}'],
  ['attachments as an object', '{"attachments":{}}'],
  ['attachment text as a number', '{"attachments":[{"text":1}]}'],
  ['attachment id as a string', '{"attachments":[{"id":"x"}]}'],
  ['fields as an object', '{"attachments":[{"fields":{}}]}'],
  ['field short as 1', '{"attachments":[{"fields":[{"short":1}]}]}'],
  ['field short as "yes"', '{"attachments":[{"fields":[{"short":"yes"}]}]}'],
  ['field short as null', '{"attachments":[{"fields":[{"short":null}]}]}'],
  ['field title as a number', '{"attachments":[{"fields":[{"title":2}]}]}'],
  ['wrong type in props.attachments used as attachments (D-l)', '{"props":{"attachments":[{"text":true}]}}'],
  ['priority as a string', '{"priority":"high"}'],
  ['priority.requested_ack as a string', '{"priority":{"priority":"","requested_ack":"yes"}}'],
  ['username as an object', '{"username":{}}'],
  ['type as a bool', '{"type":true}'],
  ['top-level array', '[{"text":"x"}]'],
  ['top-level string', '"text"'],
  ['top-level number', '5'],
  ['top-level true', 'true'],
  ['unfinished object', '{"text":"x"'],
  ['unfinished string', '{"text":"x'],
  ['trailing comma', '{"text":"x",}'],
  ['single quotes', "{'text':'x'}"],
  ['mismatched brackets', '{"text":"x"]'],
  ['UTF-8 BOM before the object', '\uFEFF{"text":"x"}'],
  ['vertical tab is not JSON whitespace', '\v{"text":"x"}'],
];
for (const [name, body] of unmarshalCases) test(`api.unmarshal_error: ${name}`, () => fails(body));

test('#20 valid JSON longer than 1 MiB fails (reader truncated it)', () => {
  const full = `{"text":"${'a'.repeat(REPLY_MAX_BYTES)}"}`;
  const read = new TextEncoder().encode(full).subarray(0, REPLY_MAX_BYTES);
  fails(read, true);
  // A caller that hands over too many bytes is held to the same limit.
  fails(new TextEncoder().encode(full), false);
});

test('#21 an endless stream of garbage cut at 1 MiB fails', () => {
  fails(new Uint8Array(REPLY_MAX_BYTES).fill(0x61), true);
  fails(new Uint8Array(REPLY_MAX_BYTES).fill(0x20), true);
});

test('a complete first value inside a truncated read is still used', () => {
  const bytes = new TextEncoder().encode(`{"text":"ok"}${'x'.repeat(100)}`);
  assert.equal(ok(bytes, true)?.text, 'ok');
});

const decodeCases: Array<[string, string, Partial<HookReply>]> = [
  ['bytes after the first value are ignored', '{"text":"a"} trailing junk {', { text: 'a' }],
  ['a second object is ignored', '{"text":"a"}{"text":"b"}', { text: 'a' }],
  ['leading whitespace', '\n  {"text":"a"}', { text: 'a' }],
  ['case-insensitive key', '{"TEXT":"loud"}', { text: 'loud' }],
  ['exact key preferred over folded', '{"Text":"folded","text":"exact"}', { text: 'exact' }],
  ['exact key preferred whatever the order', '{"text":"exact","TEXT":"folded"}', { text: 'exact' }],
  ['long s folds to s (Go simple folding)', '{"u\u017Fername":"x"}', { username: 'x' }],
  ['unknown and ignored keys', '{"text":"a","icon_emoji":":x:","channel":5,"extra_responses":[1]}', { text: 'a' }],
  ['null text is ""', '{"text":null}', { text: '' }],
  ['a string of spaces is kept', '{"text":"   "}', { text: '   ' }],
  ['escaped characters', '{"text":"a\\nb\\u00e9"}', { text: 'a\nb\u00e9' }],
  ['override fields', '{"username":"robot","icon_url":"http://example.com/i.jpg"}', { username: 'robot', icon_url: 'http://example.com/i.jpg' }],
  ['response_type and type', '{"response_type":"comment","type":"custom_as"}', { response_type: 'comment', type: 'custom_as' }],
  ['props kept as given', '{"props":{"a":1,"b":{"c":[true]}}}', { props: { a: 1, b: { c: [true] } } }],
  ['priority fields', '{"priority":{"priority":"urgent","requested_ack":true,"persistent_notifications":false}}',
    { priority: { priority: 'urgent', requested_ack: true, persistent_notifications: false } }],
  ['priority with empty priority is present', '{"priority":{"priority":""}}', { priority: { priority: '' } }],
  ['priority without priority', '{"priority":{"requested_ack":true}}', { priority: { requested_ack: true } }],
  ['priority null', '{"priority":null}', { priority: null }],
  ['#81 {"username":"x"} decodes (no text)', '{"username":"x"}', { text: '', username: 'x' }],
];
for (const [name, body, expected] of decodeCases) {
  test(`decode: ${name}`, () => {
    const reply = ok(body)!;
    for (const [k, v] of Object.entries(expected)) assert.deepEqual(reply[k as keyof HookReply], v, k);
  });
}

test('Uint8Array bodies: invalid UTF-8 inside strings becomes U+FFFD', () => {
  const bytes = Uint8Array.from([...new TextEncoder().encode('{"text":"a'), 0xff, ...new TextEncoder().encode('b"}')]);
  assert.equal(ok(bytes)?.text, 'a\uFFFDb');
});

test('attachments: decoding keeps nulls and types every key', () => {
  const reply = ok(JSON.stringify({
    attachments: [null, {
      id: 3, fallback: 'f', color: '#fff', pretext: 'p', author_name: 'an', author_link: 'al', author_icon: 'ai',
      title: 't', title_link: 'tl', text: 'x', image_url: 'i', thumb_url: 'th', footer: 'fo', footer_icon: 'fi',
      ts: 123, unknown: 'dropped',
      fields: [null, { title: 'a', value: 1.5, short: 'TRUE' }, { title: 'b', value: 'v', short: false }, { value: null, short: 'false' }],
      actions: [{ name: 'go' }, null],
    }],
  }))!;
  assert.equal(reply.attachments.length, 2);
  assert.equal(reply.attachments[0], null);
  const a = reply.attachments[1]!;
  assert.equal(a.id, 3);
  assert.equal(a.footer_icon, 'fi');
  assert.equal(a.ts, 123);
  assert.equal('unknown' in a, false);
  assert.deepEqual(a.fields, [null, { title: 'a', value: 1.5, short: true }, { title: 'b', value: 'v', short: false }, { title: '', value: null, short: false }]);
  assert.deepEqual(a.actions, [{ name: 'go' }]);
});

test('attachment keys match case-insensitively too', () => {
  const a = ok('{"attachments":[{"Text":"x","FIELDS":[{"Short":"True","VALUE":2}]}]}')!.attachments[0]!;
  assert.equal(a.text, 'x');
  assert.deepEqual(a.fields, [{ title: '', value: 2, short: true }]);
});

const effectiveCases: Array<[string, unknown, number]> = [
  ['#84 props.attachments alone counts as attachments (D-l)', { props: { attachments: [{ text: 'x' }] } }, 1],
  ['top-level attachments win over props.attachments', { attachments: [{ text: 'a' }], props: { attachments: [{}, {}] } }, 1],
  ['an empty top-level list falls back to props.attachments', { attachments: [], props: { attachments: [{}, {}] } }, 2],
  ['a top-level [null] has an entry, so props.attachments is not used', { attachments: [null], props: { attachments: [{}] } }, 1],
  ['props.attachments that is not an array is not attachments', { props: { attachments: { text: 'x' } } }, 0],
];
for (const [name, body, count] of effectiveCases) {
  test(`effective attachments: ${name}`, () => assert.equal(ok(JSON.stringify(body))!.attachments.length, count));
}

const goValueCases: Array<[string, unknown, string]> = [
  ['string', 'abc', 'abc'],
  ['true', true, 'true'],
  ['false', false, 'false'],
  ['3', 3, '3'],
  ['1.5', 1.5, '1.5'],
  ['123456', 123456, '123456'],
  ['1234567', 1234567, '1.234567e+06'],
  ['100000000', 100000000, '1e+08'],
  ['0.0001', 0.0001, '0.0001'],
  ['0.00001', 0.00001, '1e-05'],
  ['-2.5', -2.5, '-2.5'],
  ['-1234567.5', -1234567.5, '-1.2345675e+06'],
  ['0', 0, '0'],
  ['1e21', 1e21, '1e+21'],
  ['1e100', 1e100, '1e+100'],
  ['0.1+0.2 shortest digits', 0.1 + 0.2, '0.30000000000000004'],
  ['999999', 999999, '999999'],
  ['array', [1, 'a', true], '[1 a true]'],
  ['nested array', [[1, 2], []], '[[1 2] []]'],
  ['null inside a list', [null], '[<nil>]'],
  ['map with sorted keys', { b: 2, a: 'x', c: [1] }, 'map[a:x b:2 c:[1]]'],
  ['empty map', {}, 'map[]'],
  ['map keys sort by bytes, astral after BMP', { '\uFFFF': 1, '😀': 2 }, 'map[\uFFFF:1 😀:2]'],
];
for (const [name, value, expected] of goValueCases) {
  test(`formatGoValue: ${name}`, () => assert.equal(formatGoValue(value), expected));
}

test('formatGoValue: the fast paths print numbers exactly as the general %g rule does', () => {
  // The rule spelled out once, slowly: shortest digits, exponent form below 1e-4 and from 1e6 on.
  const reference = (n: number) => {
    const [mantissa, e] = n.toExponential().split('e');
    const exp = Number(e);
    if (exp >= -4 && exp < 6) return String(n);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  };
  const numbers = [1e6, 999_999, 1_000_001, -1_234_567, 2 ** 53, 2 ** 53 + 2, 1e20, 123456789012345680000, 1e21 - 65536, 0.0001, 0.00009999];
  let x = 0.5;
  for (let i = 0; i < 2000; i++) {
    x = (x * 9301 + 49297) % 233280; // a fixed pseudo-random walk: integers and fractions of many sizes
    numbers.push(Math.round(x) * 10 ** (i % 22), x / 10 ** (i % 12), -x * 10 ** (i % 9));
  }
  for (const n of numbers) assert.equal(formatGoValue(n), reference(n), String(n));
});

const firstValueCases: Array<[string, string, string, number]> = [
  ['object with nested strings containing brackets', '{"a":"}{\\"]"} rest', '{"a":"}{\\"]"}', 2],
  ['array', ' [1,[2]]x', '[1,[2]]', 4],
  ['string', '"a\\"b" x', '"a\\"b"', 1],
  ['number ends at a delimiter', '12,3', '12', 1],
  ['literal', 'true false', 'true', 1],
  ['empty containers', '[[],{},[ ],{ }]', '[[],{},[ ],{ }]', 5],
  ['values counted at every depth, not in strings', '{"a":[1,{"b":"x,y:z"}],"c":null}', '{"a":[1,{"b":"x,y:z"}],"c":null}', 6],
];
for (const [name, input, expected, values] of firstValueCases) {
  test(`firstJsonValue: ${name}`, () => assert.deepEqual(firstJsonValue(input), { kind: 'value', text: expected, values }));
}
test('firstJsonValue: empty and incomplete', () => {
  assert.deepEqual(firstJsonValue(' \n'), { kind: 'empty' });
  assert.deepEqual(firstJsonValue('{"a":['), { kind: 'incomplete' });
  assert.deepEqual(firstJsonValue('"abc'), { kind: 'incomplete' });
});

test('nesting: 64 levels are accepted, 65 are api.unmarshal_error (they could not be serialised again)', () => {
  const nested = (depth: number) => `{"text":"x","props":{"deep":${'['.repeat(depth - 2)}${']'.repeat(depth - 2)}}}`;
  const ok = parseReply(nested(MAX_JSON_DEPTH), false);
  assert.equal(ok.ok, true);
  const deep = parseReply(nested(MAX_JSON_DEPTH + 1), false);
  assert.equal(deep.ok, false);
  assert.equal(!deep.ok && deep.error.id, 'api.unmarshal_error');
  // A 1 MiB body of brackets is refused at once, whatever follows.
  assert.equal(parseReply('['.repeat(1_048_576), true).ok, false);
  assert.deepEqual(firstJsonValue('['.repeat(MAX_JSON_DEPTH + 1)), { kind: 'too_deep' });
});

test('NUL in any string or key of a reply is api.unmarshal_error (PostgreSQL could not store it)', () => {
  for (const body of ['{"text":"a\\u0000"}', '{"text":"a","props":{"k\\u0000":1}}', '{"attachments":[{"fields":[{"value":"\\u0000"}]}]}']) {
    const r = parseReply(body, false);
    assert.equal(!r.ok && r.error.id, 'api.unmarshal_error', body);
  }
  assert.equal(parseReply('{"text":"a\\u0001"}', false).ok, true);
  // An escaped backslash followed by "u0000" is text, not a NUL; one more backslash makes it one again.
  const literal = parseReply(String.raw`{"text":"a\\u0000 b\\\\u0000"}`, false);
  assert.ok(literal.ok);
  assert.equal(literal.reply?.text, String.raw`a\u0000 b\\u0000`);
  assert.equal(parseReply(String.raw`{"text":"a\\\u0000"}`, false).ok, false);
  assert.equal(parseReply(String.raw`{"text":"ok"}` + '\u0000', false).ok, true, 'after the first value nothing counts');
});
