// The one-pass scanner must find exactly what the regular expressions it replaces find (table and
// seeded random texts), and must stay fast on the unclosed markup that makes those regexes quadratic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTACHMENT_LINK_LABELLED, CHANNEL_REF_LABELLED, findLabelled, replaceLabelled, USER_REF_LABELLED, type LabelledPattern } from './labelled-refs.js';

const PATTERNS: Array<[string, LabelledPattern, RegExp]> = [
  ['user', USER_REF_LABELLED, /<@([a-zA-Z0-9]+)\|([^>\n]*)>/g],
  ['channel', CHANNEL_REF_LABELLED, /<#([a-zA-Z0-9]+)\|([^>\n]*)>/g],
  ['attachment link', ATTACHMENT_LINK_LABELLED, /<([^<|]+)\|([^>]+)>/g],
];

const viaRegex = (text: string, re: RegExp) =>
  [...text.matchAll(re)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, head: m[1], label: m[2] }));

const CASES = [
  '', 'plain', '<@abc|name>', '<@abc|>', '<@abc>', '<@|x>', '<@a b|x>', '<@abc|na\nme>', '<@abc|a<@def|b>',
  '<#chan|x> and <#other|y>', '<http://x|label>', '<http://x|>', '<a|b|c>', '<<a|b>>', '<a\nb|c\nd>', '<a|b',
  '<@a|<@b|c>', 'x<@a|b>y<@c|d>z', '<http://a|b> <http://c|d', '<a>b|c>', '<@a|b\n<@c|d>', '<|x>', '<@é|x>',
];

for (const [name, pattern, re] of PATTERNS) {
  for (const text of CASES) {
    test(`${name}: ${JSON.stringify(text)} as the regex`, () => assert.deepEqual(findLabelled(text, pattern), viaRegex(text, re)));
  }
  test(`${name}: 3000 seeded random texts as the regex`, () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const alphabet = ['<', '@', '#', '|', '>', '\n', 'a', 'b', '1', ' ', 'é'];
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: next() % 24 }, () => alphabet[next() % alphabet.length]).join('');
      assert.deepEqual(findLabelled(text, pattern), viaRegex(text, re), JSON.stringify(text));
      const swap = (m: { head: string; label: string }) => `[${m.label}](${m.head})`;
      assert.equal(replaceLabelled(text, pattern, swap), text.replace(re, (_w, h: string, l: string) => swap({ head: h, label: l })));
    }
  });
}

test('unclosed markup the size of a 1 MiB reply is scanned in one pass', { timeout: 60_000 }, () => {
  for (const unit of ['<@a|', '<#a|', '<a|']) {
    const text = unit.repeat(Math.floor(1_048_576 / unit.length));
    for (const [, pattern] of PATTERNS) assert.deepEqual(findLabelled(text, pattern), []);
  }
  const closed = '<@a|b'.repeat(200_000) + '>';
  assert.equal(findLabelled(closed, USER_REF_LABELLED).length, 1);
});
