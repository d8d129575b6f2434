// Benchmark: cost of TriggerIndex.match with 10,000 hooks in a team next to a team with 1 hook.
// The index keeps exact words in a hash map and starts-with words in a trie, so the cost per post
// should depend on the message's first word, not on the number of hooks (spec issue 3).
import type { OutgoingHook } from '../src/domain/outgoing-hooks/hook.js';
import { TriggerIndex } from '../src/domain/outgoing-hooks/trigger-index.js';
import { formatNs, measure, type BenchCase, type MeasureOptions } from './measure.js';

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

/**
 * Posts as they come: most fire nothing; some hit an exact word, a prefix, or a watched channel. The
 * trigger words are taken from the hooks so the mix stays right if the hook set changes.
 */
export function typicalMessages(hooks: OutgoingHook[]): Array<{ channel: string; message: string }> {
  const teamWide = hooks.filter((h) => h.channel_id === '');
  const exact = teamWide.find((h) => h.trigger_when === 0 && h.trigger_words.length > 0)!;
  const prefix = teamWide.find((h) => h.trigger_when === 1 && h.trigger_words.length > 0)!;
  const watched = hooks.find((h) => h.trigger_words.length === 0)!;
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

export interface TriggerMatchingResult {
  oneHookNs: number;
  bigTeamNs: number;
  ratio: number;
}

export function triggerMatching(opts?: MeasureOptions): TriggerMatchingResult {
  const hooks = bigTeamHooks('T'.repeat(26));
  const MESSAGES = typicalMessages(hooks);
  const big = new TriggerIndex();
  for (const h of hooks) big.upsert(h);
  // The lone hook listens for the same exact word as one of the big team's hooks.
  const small = new TriggerIndex();
  small.upsert(hook(0, 'S'.repeat(26), { trigger_words: [MESSAGES[1].message.split(' ')[0]] }));

  const teamBig = 'T'.repeat(26);
  const teamSmall = 'S'.repeat(26);
  const quiet = MESSAGES.filter((m) => big.match(teamBig, m.channel, m.message).length === 0);
  const pair = (label: string, set: typeof MESSAGES): BenchCase[] => [
    { name: `${label}, 1 hook`, op: (i) => small.match(teamSmall, set[i % set.length].channel, set[i % set.length].message).length },
    { name: `${label}, ${BIG_TEAM_HOOKS.toLocaleString('en')} hooks`, op: (i) => big.match(teamBig, set[i % set.length].channel, set[i % set.length].message).length },
  ];
  const fired = MESSAGES.map((m) => big.match(teamBig, m.channel, m.message).length);
  const [one, many, quietOne, quietMany] = measure([...pair('mixed', MESSAGES), ...pair('no match', quiet)], opts);
  const ratio = many.medianNs / one.medianNs;
  console.log(`trigger matching: TriggerIndex.match, a team with ${BIG_TEAM_HOOKS.toLocaleString('en')} hooks next to a team with 1 hook`);
  console.log(`  mixed = ${MESSAGES.length} typical posts (hooks fired in the big team: ${fired.join(', ')}); no match = the ${quiet.length} of them that fire nothing`);
  for (const r of [one, many, quietOne, quietMany]) {
    console.log(`  ${r.name.padEnd(24)} ${formatNs(r.medianNs).padStart(10)} per match (median of ${opts?.rounds ?? 15} rounds; min ${formatNs(r.minNs)}, max ${formatNs(r.maxNs)})`);
  }
  console.log(`  ratio, mixed             ${ratio.toFixed(2)}× (10,000 hooks / 1 hook)`);
  console.log(`  ratio, no match          ${(quietMany.medianNs / quietOne.medianNs).toFixed(2)}×`);
  const smallFired = MESSAGES.reduce((n, m) => n + small.match(teamSmall, m.channel, m.message).length, 0);
  console.log(`  (in the mixed set the big team returns ${fired.reduce((a, b) => a + b, 0)} matches, the small one ${smallFired}: building and sorting a bigger answer, not the index size, is the difference)`);
  return { oneHookNs: one.medianNs, bigTeamNs: many.medianNs, ratio };
}
