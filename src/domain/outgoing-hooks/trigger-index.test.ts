// Table tests for the first-word rule and trigger matching (§2.2-§2.5, §2.8; checklist items 16, 78).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OutgoingHook } from './hook.js';
import { firstWord, TriggerIndex } from './trigger-index.js';

const firstWordCases: Array<[string, string, string]> = [
  ['empty', '', ''],
  ['only spaces', '  \t\n ', ''],
  ['simple', 'build now', 'build'],
  ['leading whitespace ignored', '\n\t  build now', 'build'],
  ['tab separates', 'build\tnow', 'build'],
  ['NEL U+0085 is Go whitespace', 'build\u0085now', 'build'],
  ['NBSP separates', '\u00A0build\u00A0now', 'build'],
  ['U+3000 separates', 'build\u3000now', 'build'],
  ['U+2028 separates', 'build\u2028now', 'build'],
  ['U+202F separates', 'build\u202Fnow', 'build'],
  ['U+FEFF is not whitespace in Go', '\uFEFFbuild now', '\uFEFFbuild'],
  ['U+200B is not whitespace', 'build\u200Bnow x', 'build\u200Bnow'],
  ['punctuation kept', 'deploy, now', 'deploy,'],
  ['case kept', 'Build', 'Build'],
  ['astral characters kept', '🚀go now', '🚀go'],
];
for (const [name, message, expected] of firstWordCases) {
  test(`firstWord: ${name}`, () => assert.equal(firstWord(message), expected));
}

let seq = 0;
const hook = (over: Partial<OutgoingHook>): OutgoingHook => ({
  id: `hook${String(++seq).padStart(22, '0')}`, token: 't'.repeat(26), create_at: 100, update_at: 100, delete_at: 0,
  creator_id: 'u'.repeat(26), channel_id: '', team_id: 'T1', trigger_words: [], trigger_when: 0,
  callback_urls: ['http://x/'], display_name: '', description: '', content_type: '', username: '', icon_url: '',
  disabled_at: 0, ...over,
});

type Row = [string, Partial<OutgoingHook>, string, string, string | null];
// [name, hook, channel of the post, message, expected trigger word or null for "does not fire"]
const matchCases: Row[] = [
  ['exact: equal word fires', { trigger_words: ['build'] }, 'C1', 'build it', 'build'],
  ['exact: case-sensitive', { trigger_words: ['build'] }, 'C1', 'Build it', null],
  ['exact: prefix is not enough', { trigger_words: ['build'] }, 'C1', 'buildx', null],
  ['exact: punctuation matters', { trigger_words: ['deploy'] }, 'C1', 'deploy, now', null],
  ['exact: only the first word counts', { trigger_words: ['build'] }, 'C1', 'please build', null],
  ['exact: second of the hook words', { trigger_words: ['a', 'build'] }, 'C1', 'build', 'build'],
  ['#16 starts-with: foo matches foobar', { trigger_words: ['foo'], trigger_when: 1 }, 'C1', 'foobar x', 'foo'],
  ['#16 starts-with: foo does not match barfoo', { trigger_words: ['foo'], trigger_when: 1 }, 'C1', 'barfoo x', null],
  ['starts-with: equal word matches', { trigger_words: ['foo'], trigger_when: 1 }, 'C1', 'foo', 'foo'],
  ['starts-with reports the first listed match, not the longest (D-a)', { trigger_words: ['f', 'foo'], trigger_when: 1 }, 'C1', 'foobar', 'f'],
  ['starts-with reports the first listed match (order reversed)', { trigger_words: ['foo', 'f'], trigger_when: 1 }, 'C1', 'foobar', 'foo'],
  ['starts-with over code points', { trigger_words: ['🚀'], trigger_when: 1 }, 'C1', '🚀launch', '🚀'],
  ['starts-with: a lone surrogate prefix of an astral char does not match', { trigger_words: ['\uD83D'], trigger_when: 1 }, 'C1', '🚀', null],
  ['#72 starts-with: triggerwordaaazzz', { trigger_words: ['triggerword'], trigger_when: 1 }, 'C1', 'triggerwordaaazzz lorem ipsum', 'triggerword'],
  ['empty message never fires a word hook', { trigger_words: ['a'], trigger_when: 1 }, 'C1', '', null],
  ['trigger word with a space never matches', { trigger_words: ['two words'] }, 'C1', 'two words', null],
  ['channel-only hook fires on any post of its channel', { channel_id: 'C1' }, 'C1', 'hello', ''],
  ['#73 channel-only hook fires on an empty (file-only) message', { channel_id: 'C1' }, 'C1', '', ''],
  ['#73 channel-only hook in starts-with mode too', { channel_id: 'C1', trigger_when: 1 }, 'C1', '', ''],
  ['#74 channel-only hook reports "" even if the text looks like a trigger', { channel_id: 'C1' }, 'C1', 'triggerword lorem ipsum', ''],
  ['channel-only hook ignores other channels', { channel_id: 'C1' }, 'C2', 'hello', null],
  ['channel + words: both must match', { channel_id: 'C1', trigger_words: ['go'] }, 'C1', 'go', 'go'],
  ['channel + words: word alone is not enough', { channel_id: 'C1', trigger_words: ['go'] }, 'C2', 'go', null],
  ['channel + words: channel alone is not enough', { channel_id: 'C1', trigger_words: ['go'] }, 'C1', 'stop', null],
  ['team-wide hook fires in any channel of its team', { trigger_words: ['go'] }, 'C9', 'go', 'go'],
  ['team-wide hook without words never fires', {}, 'C1', 'go', null],
  ['disabled hook never fires', { trigger_words: ['go'], disabled_at: 5 }, 'C1', 'go', null],
  ['deleted hook never fires', { trigger_words: ['go'], delete_at: 5 }, 'C1', 'go', null],
  ['unknown trigger_when never fires', { trigger_words: ['go'], trigger_when: 7 }, 'C1', 'go', null],
];
for (const [name, over, channel, message, expected] of matchCases) {
  test(`match: ${name}`, () => {
    const index = new TriggerIndex();
    const h = hook(over);
    index.upsert(h);
    const got = index.match('T1', channel, message);
    if (expected === null) assert.deepEqual(got, []);
    else {
      assert.equal(got.length, 1);
      assert.equal(got[0].hook.id, h.id);
      assert.equal(got[0].triggerWord, expected);
    }
  });
}

test('match: a hook never fires for another team', () => {
  const index = new TriggerIndex();
  index.upsert(hook({ trigger_words: ['go'], team_id: 'T2' }));
  assert.deepEqual(index.match('T1', 'C1', 'go'), []);
  assert.equal(index.match('T2', 'C1', 'go').length, 1);
});

test('#78 two hooks matching one post each report their own trigger word (D-a)', () => {
  const index = new TriggerIndex();
  const a = hook({ trigger_words: ['deploy'], create_at: 1 });
  const b = hook({ trigger_words: ['de'], trigger_when: 1, create_at: 2 });
  const c = hook({ channel_id: 'C1', create_at: 3 });
  const d = hook({ trigger_words: ['d', 'dep'], trigger_when: 1, create_at: 4 });
  for (const x of [d, c, b, a]) index.upsert(x);
  const got = index.match('T1', 'C1', 'deploy now').map((m) => [m.hook.id, m.triggerWord]);
  assert.deepEqual(got, [[a.id, 'deploy'], [b.id, 'de'], [c.id, ''], [d.id, 'd']]);
});

test('§2.8 order: create_at ascending, then id', () => {
  const index = new TriggerIndex();
  const hooks = [
    hook({ id: 'b'.repeat(26), trigger_words: ['go'], create_at: 5 }),
    hook({ id: 'a'.repeat(26), trigger_words: ['go'], create_at: 5 }),
    hook({ id: 'c'.repeat(26), trigger_words: ['g'], trigger_when: 1, create_at: 1 }),
  ];
  for (const h of hooks) index.upsert(h);
  assert.deepEqual(index.match('T1', 'C1', 'go').map((m) => m.hook.id), ['c'.repeat(26), 'a'.repeat(26), 'b'.repeat(26)]);
});

test('upsert replaces a hook; remove and disabling stop it', () => {
  const index = new TriggerIndex();
  const h = hook({ trigger_words: ['old'], trigger_when: 1 });
  index.upsert(h);
  index.upsert({ ...h, trigger_words: ['new'], trigger_when: 0 });
  assert.deepEqual(index.match('T1', 'C1', 'oldx'), []);
  assert.equal(index.match('T1', 'C1', 'new')[0].triggerWord, 'new');
  index.upsert({ ...h, trigger_words: ['new'], disabled_at: 9 });
  assert.deepEqual(index.match('T1', 'C1', 'new'), []);
  assert.equal(index.size, 0);
  index.upsert(h);
  index.remove(h.id);
  assert.deepEqual(index.match('T1', 'C1', 'oldx'), []);
  index.remove('missing'.padEnd(26, 'x'));
});

test('removing one hook keeps others that share its words and prefixes', () => {
  const index = new TriggerIndex();
  const a = hook({ trigger_words: ['ab'], trigger_when: 1, create_at: 1 });
  const b = hook({ trigger_words: ['abc', 'ab'], trigger_when: 1, create_at: 2 });
  index.upsert(a);
  index.upsert(b);
  index.remove(a.id);
  assert.deepEqual(index.match('T1', 'C1', 'abcd').map((m) => [m.hook.id, m.triggerWord]), [[b.id, 'abc']]);
  index.remove(b.id);
  assert.deepEqual(index.match('T1', 'C1', 'abcd'), []);
});

test('the stored hook is a copy: later mutation by the caller has no effect', () => {
  const index = new TriggerIndex();
  const h = hook({ trigger_words: ['go'] });
  index.upsert(h);
  h.trigger_words.push('stop');
  assert.deepEqual(index.match('T1', 'C1', 'stop'), []);
});

test('many hooks: a post only walks its own first word', () => {
  const index = new TriggerIndex();
  for (let i = 0; i < 5000; i++) index.upsert(hook({ id: `h${String(i).padStart(25, '0')}`, trigger_words: [`w${i}`], trigger_when: i % 2 }));
  const got = index.match('T1', 'C1', 'w4242 now');
  assert.deepEqual(got.map((m) => m.triggerWord), ['w4242']);
  // Odd hooks are starts-with: of the prefixes of w4243x only w4243 is odd.
  assert.deepEqual(index.match('T1', 'C1', 'w4243x').map((m) => m.triggerWord), ['w4243']);
});
