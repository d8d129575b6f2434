// Benchmark: matching a post against the hooks of a team with 1, 100 and 10,000 hooks, through
// TriggerIndex.match beside a linear scan of the same hooks (what matching costs without the index).
// The index keeps exact words in a hash map and starts-with words in a trie, so its cost per post
// should depend on the message's first word, not on the number of hooks (spec issue 3).
import { deepStrictEqual } from 'node:assert';
import { TRIGGER_WHEN_EXACT, TRIGGER_WHEN_STARTS_WITH, type OutgoingHook } from '../src/domain/outgoing-hooks/hook.js';
import { byCreateThenId, firstWord, TriggerIndex, type HookMatch } from '../src/domain/outgoing-hooks/trigger-index.js';
import { formatNs, measure, type BenchCase, type MeasureOptions } from './measure.js';
import { scenario, type Scenario } from './scenario.js';

export const BIG_TEAM_HOOKS = 10_000;
const CHANNELS = 200;

const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(26 - prefix.length, '0')}`;

function hook(n: number, team: string, over: Partial<OutgoingHook>): OutgoingHook {
  return {
    id: id('h', n), token: 't'.repeat(26), create_at: 1_000 + n, update_at: 1_000 + n, delete_at: 0, disabled_at: 0,
    creator_id: 'u'.repeat(26), channel_id: '', team_id: team, trigger_words: [], trigger_when: 0,
    callback_urls: ['http://x/'], display_name: '', description: '', content_type: '', username: '', icon_url: '', ...over,
  };
}

/**
 * 10,000 hooks, each its own integration: 45 % exact (1-3 words each, some bound to a channel), 45 %
 * starts-with (words sharing stems, so the trie has long shared paths), 10 % channel-only (5 per
 * watched channel).
 */
export function bigTeamHooks(team: string): OutgoingHook[] {
  const hooks: OutgoingHook[] = [];
  let watched = 0;
  for (let n = 0; n < BIG_TEAM_HOOKS; n++) {
    const channel = n % 7 === 0 ? id('c', n % CHANNELS) : '';
    if (n % 20 < 9) {
      const words = Array.from({ length: 1 + (n % 3) }, (_, k) => `word${n}x${k}`);
      hooks.push(hook(n, team, { trigger_words: words, trigger_when: 0, channel_id: channel }));
    } else if (n % 20 < 18) {
      hooks.push(hook(n, team, { trigger_words: [`pre${n}`, `stem${n % 50}x${n}`], trigger_when: 1, channel_id: channel }));
    } else {
      hooks.push(hook(n, team, { channel_id: id('c', watched++ % CHANNELS), trigger_words: [], trigger_when: n % 2 }));
    }
  }
  return hooks;
}

const QUIET = id('c', 999); // a channel no hook watches

/** The hooks the typical messages are written to fire: an exact word, a starts-with word, a watched channel. */
function featured(hooks: OutgoingHook[]) {
  const teamWide = hooks.filter((h) => h.channel_id === '');
  return {
    exact: teamWide.find((h) => h.trigger_when === 0 && h.trigger_words.length > 0)!,
    prefix: teamWide.find((h) => h.trigger_when === 1 && h.trigger_words.length > 0)!,
    watched: hooks.find((h) => h.trigger_words.length === 0)!,
  };
}

/**
 * Posts as they come: most fire nothing; some hit an exact word, a prefix, or a watched channel. The
 * trigger words are taken from the hooks so the mix stays right if the hook set changes.
 */
export function typicalMessages(hooks: OutgoingHook[]): Array<{ channel: string; message: string }> {
  const { exact, prefix, watched } = featured(hooks);
  return [
    { channel: QUIET, message: 'good morning everyone, standup in five' },
    { channel: QUIET, message: `${exact.trigger_words[0]} please deploy the thing` },
    { channel: QUIET, message: `${prefix.trigger_words[0]}suffix status report` },
    { channel: watched.channel_id, message: 'just chatting in a watched channel' },
    { channel: QUIET, message: `${prefix.trigger_words[1]}0000 a long prefix walk` },
    { channel: QUIET, message: '' },
    { channel: QUIET, message: '   leading whitespace and a word' },
    { channel: QUIET, message: 'nothing-to-see-here-at-all-with-a-long-first-word' },
  ];
}

/**
 * What matching costs without an index: every hook of the team checked in firing order, with the
 * same rules as TriggerIndex (first word, exact or starts-with, channel binding, channel-only hooks).
 */
export function linearMatch(hooks: readonly OutgoingHook[], teamId: string, channelId: string, message: string): HookMatch[] {
  const word = firstWord(message);
  const out: HookMatch[] = [];
  for (const hook of hooks) {
    if (hook.team_id !== teamId || hook.delete_at !== 0 || hook.disabled_at !== 0) continue;
    if (hook.channel_id !== '' && hook.channel_id !== channelId) continue;
    if (hook.trigger_words.length === 0) {
      if (hook.channel_id !== '') out.push({ hook, triggerWord: '' });
      continue;
    }
    if (word === '') continue;
    const triggerWord =
      hook.trigger_when === TRIGGER_WHEN_EXACT ? hook.trigger_words.find((w) => w === word)
        : hook.trigger_when === TRIGGER_WHEN_STARTS_WITH ? hook.trigger_words.find((w) => w !== '' && word.startsWith(w))
          : undefined;
    if (triggerWord !== undefined) out.push({ hook, triggerWord });
  }
  return out;
}

export const HOOK_COUNTS = [1, 100, BIG_TEAM_HOOKS] as const;

/**
 * The first `n` hooks of the big team, the ones the typical messages fire first, so every size has
 * something to match: 1 hook is the exact-word hook, 100 hooks include all the featured ones.
 */
function teamOf(all: OutgoingHook[], n: number): OutgoingHook[] {
  const { exact, prefix, watched } = featured(all);
  const first = [exact, prefix, watched];
  return [...first, ...all.filter((h) => !first.includes(h))].slice(0, n);
}

export function triggerMatching(opts?: MeasureOptions, note: (line: string) => void = console.log): Scenario[] {
  const team = 'T'.repeat(26);
  const all = bigTeamHooks(team);
  const messages = typicalMessages(all);
  const results: Scenario[] = [];
  const indexNs: number[] = [];
  for (const n of HOOK_COUNTS) {
    const hooks = teamOf(all, n).sort((a, b) => byCreateThenId({ hook: a, triggerWord: '' }, { hook: b, triggerWord: '' }));
    const index = new TriggerIndex();
    for (const h of hooks) index.upsert(h);
    // Both must give the same answer, or the comparison means nothing.
    const answers = messages.map((m) => {
      const viaIndex = index.match(team, m.channel, m.message).map((x) => [x.hook.id, x.triggerWord]);
      deepStrictEqual(linearMatch(hooks, team, m.channel, m.message).map((x) => [x.hook.id, x.triggerWord]), viaIndex);
      return viaIndex.length;
    });
    const at = (i: number) => messages[i % messages.length];
    const cases: BenchCase[] = [
      { name: `index, ${n} hooks`, op: (i) => index.match(team, at(i).channel, at(i).message).length },
      { name: `linear scan, ${n} hooks`, op: (i) => linearMatch(hooks, team, at(i).channel, at(i).message).length },
    ];
    const [viaIndex, linear] = measure(cases, opts);
    indexNs.push(viaIndex.medianNs);
    note(`trigger matching, ${n.toLocaleString('en')} hook${n === 1 ? '' : 's'} (matches per message: ${answers.join(', ')}): index ${formatNs(viaIndex.medianNs)} (min ${formatNs(viaIndex.minNs)}, max ${formatNs(viaIndex.maxNs)}), linear scan ${formatNs(linear.medianNs)} (min ${formatNs(linear.minNs)}, max ${formatNs(linear.maxNs)}) per message, median of ${opts?.rounds ?? 15} rounds`);
    results.push(scenario(`trigger-match/${n}`, viaIndex.medianNs, 'ns', linear.medianNs, null));
  }
  note(`trigger matching: the index with ${BIG_TEAM_HOOKS.toLocaleString('en')} hooks costs ${(indexNs[2] / indexNs[0]).toFixed(2)}× the index with 1 hook (more matches to build and sort, not more hooks to visit)`);
  return results;
}
