// Store contract for outgoing hooks: the duplicate rule's index lookup answers exactly as the rule
// itself (hooksIntersect over every live hook) through creates, edits, disabling and deleting, the
// per-channel count stops at its limit, and the team lock serialises checks and the writes that
// follow them. Run by store.case.ts on every database.
import assert from 'node:assert/strict';
import type { Store } from '../store.js';
import type { ContractCase } from './contract-case.js';
import { assertUniqueViolation, signal } from './contract-case.js';
import { newId } from '../../adapters/ids.js';
import { hooksIntersect, type IntersectFields, type StoredHook } from '../../domain/outgoing-hooks/hook.js';

const hook = (teamId: string, channelId: string, words: string[], urls: string[]): StoredHook => ({
  id: newId(), token: newId(), create_at: 1, update_at: 1, delete_at: 0, disabled_at: 0, creator_id: newId(),
  channel_id: channelId, team_id: teamId, trigger_words: words, trigger_when: 0, callback_urls: urls,
  display_name: '', description: '', content_type: 'application/json', username: '', icon_url: '',
  signing_secret: '', previous_signing_secret: '', previous_secret_expires_at: 0,
});

export async function outgoingHooksContract(store: Store) {
  const team = newId();
  const other = newId();
  const channel = newId();
  const [u1, u2, u3, u4] = ['http://a.test/1', 'http://a.test/2', 'http://b.test/3', 'http://c.test/4'];
  const live = new Map<string, StoredHook>();
  const save = async (h: StoredHook, how: 'insert' | 'update') => {
    await store.outgoingHooks[how](h);
    if (h.delete_at === 0) live.set(h.id, h);
    else live.delete(h.id);
  };
  const h1 = hook(team, '', ['a', 'b'], [u1, u2]);
  const h2 = hook(team, channel, ['a'], [u1]);
  const h3 = { ...hook(team, '', ['c'], [u3]), disabled_at: 5 };
  const h4 = hook(team, '', ['d', 'd'], [u4, u4]);
  const h5 = hook(other, '', ['a'], [u1]);
  for (const h of [h1, h2, h3, h4, h5]) await save(h, 'insert');
  await save({ ...h4, delete_at: 9, update_at: 9 }, 'update');
  // A hook written inside a transaction that rolls back leaves no trace.
  await assert.rejects(store.transaction(async (tx) => {
    await tx.outgoingHooks.insert(hook(team, '', ['e'], [u1]));
    throw new Error('rolled back');
  }), /rolled back/);

  const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const check = async () => {
    const cases: Array<[string, IntersectFields, string | null]> = [
      ['shared word and URL, team-wide', { team_id: team, channel_id: '', trigger_words: ['b'], callback_urls: [u2] }, null],
      ['word of one hook, URL of another', { team_id: team, channel_id: '', trigger_words: ['b'], callback_urls: [u3] }, null],
      ['same channel', { team_id: team, channel_id: channel, trigger_words: ['x', 'a'], callback_urls: [u1] }, null],
      ['other channel', { team_id: team, channel_id: newId(), trigger_words: ['a'], callback_urls: [u1] }, null],
      ['a disabled hook counts', { team_id: team, channel_id: '', trigger_words: ['c'], callback_urls: [u3] }, null],
      ['a deleted hook does not', { team_id: team, channel_id: '', trigger_words: ['d'], callback_urls: [u4] }, null],
      ['rolled back', { team_id: team, channel_id: '', trigger_words: ['e'], callback_urls: [u1] }, null],
      ['a hook is no duplicate of itself', { team_id: team, channel_id: '', trigger_words: ['a'], callback_urls: [u1] }, h1.id],
      ['no trigger words never collide', { team_id: team, channel_id: channel, trigger_words: [], callback_urls: [u1] }, null],
      ['other team', { team_id: other, channel_id: '', trigger_words: ['b'], callback_urls: [u2] }, null],
      ['lists far longer than a valid hook, sharing a pair', { team_id: team, channel_id: '', trigger_words: [...many('w', 1200), 'a'], callback_urls: [...many('http://x.test/', 700), u1] }, null],
      ['lists far longer than a valid hook, sharing none', { team_id: team, channel_id: '', trigger_words: [...many('w', 1200), 'a'], callback_urls: [...many('http://x.test/', 700), u3] }, null],
    ];
    for (const [name, candidate, exceptId] of cases) {
      const expected = [...live.values()].some((h) => h.id !== exceptId && hooksIntersect(h, candidate));
      assert.equal(await store.outgoingHooks.anyIntersecting(candidate, exceptId), expected, name);
    }
  };
  await check();
  // The lookups above must have found both answers.
  assert.equal(await store.outgoingHooks.anyIntersecting({ team_id: team, channel_id: '', trigger_words: ['b'], callback_urls: [u2] }, null), true);
  assert.equal(await store.outgoingHooks.anyIntersecting({ team_id: team, channel_id: '', trigger_words: ['d'], callback_urls: [u4] }, null), false);

  // An edit replaces the hook's words and URLs; disabling and enabling keep them.
  await save({ ...h1, trigger_words: ['z'], callback_urls: [u2] }, 'update');
  await save({ ...h3, disabled_at: 0 }, 'update');
  await check();
  assert.equal(await store.outgoingHooks.anyIntersecting({ team_id: team, channel_id: '', trigger_words: ['b'], callback_urls: [u2] }, null), false);
  assert.equal(await store.outgoingHooks.anyIntersecting({ team_id: team, channel_id: '', trigger_words: ['z'], callback_urls: [u2] }, null), true);

  // Counting a channel's (or the team-wide) live hooks stops at the limit asked for.
  assert.equal(await store.outgoingHooks.countInChannel(team, '', 'none', 10), 2);
  assert.equal(await store.outgoingHooks.countInChannel(team, '', 'none', 1), 1);
  assert.equal(await store.outgoingHooks.countInChannel(team, '', h1.id, 10), 1);
  assert.equal(await store.outgoingHooks.countInChannel(team, channel, 'none', 10), 1);
  assert.equal(await store.outgoingHooks.countInChannel(other, channel, 'none', 10), 0);
}

/**
 * What lockTeam is for: transactions that check the duplicate rule and then write, all at once,
 * store the hook once. (On SQLite they take turns anyway; on PostgreSQL only the lock makes them.)
 */
async function lockTeamSerialisesChecks(store: Store) {
  const team = newId();
  const candidate = hook(team, '', ['race'], ['http://race.test/hook']);
  const tries = Array.from({ length: 8 }, () =>
    store.transaction(async (tx) => {
      await tx.outgoingHooks.lockTeam(team);
      if (await tx.outgoingHooks.anyIntersecting(candidate, null)) return false;
      await tx.outgoingHooks.insert({ ...candidate, id: newId() });
      return true;
    }),
  );
  assert.equal((await Promise.all(tries)).filter(Boolean).length, 1, 'one transaction creates the hook');
  assert.equal((await store.outgoingHooks.list({ teamId: team }, { offset: 0, limit: 10 })).length, 1);
}

/** Teams' locks are their own: two transactions hold two teams' locks at the same time. */
async function lockTeamPerTeam(store: Store) {
  const [aHeld, bHeld] = [signal(), signal()];
  const holdWhileOtherHolds = (team: string, mine: ReturnType<typeof signal>, theirs: ReturnType<typeof signal>) =>
    store.transaction(async (tx) => {
      await tx.outgoingHooks.lockTeam(team);
      mine.resolve();
      await theirs.promise;
    });
  await Promise.all([holdWhileOtherHolds(newId(), aHeld, bHeld), holdWhileOtherHolds(newId(), bHeld, aHeld)]);
}

export const outgoingHooksCases: ContractCase[] = [
  { name: 'outgoing hooks: the duplicate rule by index, the per-channel count', run: outgoingHooksContract },
  {
    name: 'a hook id already stored is a UniqueViolation, and the second hook leaves no keys',
    async run(store) {
      const team = newId();
      const first = hook(team, '', ['first'], ['http://first.test/']);
      await store.outgoingHooks.insert(first);
      const again = { ...hook(team, '', ['second'], ['http://second.test/']), id: first.id };
      await assertUniqueViolation(store.outgoingHooks.insert(again), 'outgoing_hooks', ['id']);
      assert.equal(await store.outgoingHooks.anyIntersecting({ team_id: team, channel_id: '', trigger_words: ['second'], callback_urls: ['http://second.test/'] }, null), false);
      assert.deepEqual(await store.outgoingHooks.get(first.id), first);
    },
  },
  { name: 'lockTeam: simultaneous check-then-create of one hook stores it once', run: lockTeamSerialisesChecks },
  { name: "lockTeam: two teams' locks are held at the same time", concurrentTransactions: true, run: lockTeamPerTeam },
];
