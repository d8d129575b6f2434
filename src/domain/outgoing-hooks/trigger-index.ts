// In-memory index of active outgoing hooks answering "which hooks fire for this post" (spec §2)
// with a cost per post that does not grow with the number of hooks.
import { TRIGGER_WHEN_EXACT, TRIGGER_WHEN_STARTS_WITH, type OutgoingHook } from './hook.js';

// Go's unicode.IsSpace; JavaScript's \s differs (it has U+FEFF and lacks U+0085).
const SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const FIRST_WORD = new RegExp(`^[${SPACE}]*([^${SPACE}]*)`);

/** The first whitespace-separated token of a message, "" when there is none (§2.2). */
export function firstWord(message: string): string {
  return FIRST_WORD.exec(message)?.[1] ?? '';
}

export interface HookMatch {
  hook: OutgoingHook;
  /** §2.4 [D-a]: this hook's own first matching word; "" when it fired as a channel-only hook. */
  triggerWord: string;
}

interface TrieNode {
  children: Map<string, TrieNode>;
  /** hook id → position of this word in that hook's list (first occurrence). */
  ends: Map<string, number>;
}

const newNode = (): TrieNode => ({ children: new Map(), ends: new Map() });

interface TeamIndex {
  exact: Map<string, Set<string>>;
  prefixes: TrieNode;
  channelOnly: Map<string, Set<string>>;
}

const addTo = (m: Map<string, Set<string>>, key: string, id: string) => {
  const set = m.get(key) ?? new Set<string>();
  set.add(id);
  m.set(key, set);
};
const deleteFrom = (m: Map<string, Set<string>>, key: string, id: string) => {
  const set = m.get(key);
  if (set === undefined) return;
  set.delete(id);
  if (set.size === 0) m.delete(key);
};

// Whitespace can never be part of a first word, so such trigger words are accepted but never indexed.
const HAS_SPACE = new RegExp(`[${SPACE}]`);
const indexable = (w: string) => w !== '' && !HAS_SPACE.test(w);

/**
 * Holds every active hook of every team. It knows nothing about channel types: the caller must only ask
 * about posts in public channels (§2.1 gate 3), which is also how a hook whose channel turned private
 * stops firing without being removed from the index.
 */
export class TriggerIndex {
  private readonly hooks = new Map<string, OutgoingHook>();
  private readonly teams = new Map<string, TeamIndex>();

  get size(): number {
    return this.hooks.size;
  }

  get(hookId: string): OutgoingHook | undefined {
    return this.hooks.get(hookId);
  }

  /** Adds or replaces a hook; a deleted or disabled hook is simply dropped. */
  upsert(hook: OutgoingHook): void {
    this.remove(hook.id);
    if (hook.delete_at !== 0 || hook.disabled_at !== 0) return;
    const stored: OutgoingHook = { ...hook, trigger_words: [...hook.trigger_words], callback_urls: [...hook.callback_urls] };
    this.hooks.set(hook.id, stored);
    const team = this.team(hook.team_id, true)!;
    if (stored.trigger_words.length === 0) {
      // Without trigger words only a bound channel can fire; team-wide ones never do (§2.5).
      if (stored.channel_id !== '') addTo(team.channelOnly, stored.channel_id, stored.id);
      return;
    }
    stored.trigger_words.forEach((word, position) => {
      if (!indexable(word)) return;
      if (stored.trigger_when === TRIGGER_WHEN_EXACT) addTo(team.exact, word, stored.id);
      else if (stored.trigger_when === TRIGGER_WHEN_STARTS_WITH) {
        let node = team.prefixes;
        for (const ch of word) {
          let next = node.children.get(ch);
          if (next === undefined) node.children.set(ch, (next = newNode()));
          node = next;
        }
        if (!node.ends.has(stored.id)) node.ends.set(stored.id, position);
      }
    });
  }

  remove(hookId: string): void {
    const hook = this.hooks.get(hookId);
    if (hook === undefined) return;
    this.hooks.delete(hookId);
    const team = this.team(hook.team_id, false);
    if (team === undefined) return;
    deleteFrom(team.channelOnly, hook.channel_id, hookId);
    for (const word of hook.trigger_words) {
      deleteFrom(team.exact, word, hookId);
      removeFromTrie(team.prefixes, [...word], 0, hookId);
    }
    if (team.exact.size === 0 && team.channelOnly.size === 0 && team.prefixes.children.size === 0) {
      this.teams.delete(hook.team_id);
    }
  }

  /** Hooks of the team that fire for a post in channelId, ordered by create_at then id (§2.8). */
  match(teamId: string, channelId: string, message: string): HookMatch[] {
    const team = this.teams.get(teamId);
    if (team === undefined) return [];
    const found = new Map<string, string>();
    for (const id of team.channelOnly.get(channelId) ?? []) found.set(id, '');
    const word = firstWord(message);
    if (word !== '') {
      for (const id of team.exact.get(word) ?? []) found.set(id, word);
      // Walking the word's prefixes visits every starts-with trigger it begins with; the smallest
      // list position per hook is that hook's first matching entry.
      const positions = new Map<string, number>();
      let node: TrieNode | undefined = team.prefixes;
      for (const ch of word) {
        node = node.children.get(ch);
        if (node === undefined) break;
        for (const [id, pos] of node.ends) {
          const seen = positions.get(id);
          if (seen === undefined || pos < seen) positions.set(id, pos);
        }
      }
      for (const [id, pos] of positions) found.set(id, this.hooks.get(id)!.trigger_words[pos]);
    }
    const out: HookMatch[] = [];
    for (const [id, triggerWord] of found) {
      const hook = this.hooks.get(id)!;
      if (hook.channel_id !== '' && hook.channel_id !== channelId) continue;
      out.push({ hook, triggerWord });
    }
    return out.sort(byCreateThenId);
  }

  private team(teamId: string, create: boolean): TeamIndex | undefined {
    let team = this.teams.get(teamId);
    if (team === undefined && create) {
      team = { exact: new Map(), prefixes: newNode(), channelOnly: new Map() };
      this.teams.set(teamId, team);
    }
    return team;
  }
}

function removeFromTrie(node: TrieNode, chars: string[], depth: number, hookId: string): boolean {
  if (depth === chars.length) node.ends.delete(hookId);
  else {
    const child = node.children.get(chars[depth]);
    if (child !== undefined && removeFromTrie(child, chars, depth + 1, hookId)) node.children.delete(chars[depth]);
  }
  return node.ends.size === 0 && node.children.size === 0;
}

export const byCreateThenId = (a: HookMatch, b: HookMatch): number =>
  a.hook.create_at - b.hook.create_at || (a.hook.id < b.hook.id ? -1 : a.hook.id > b.hook.id ? 1 : 0);
