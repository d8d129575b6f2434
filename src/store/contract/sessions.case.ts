// Store contract for login sessions: found by their token's hash, touched, ended one by one or all
// of a user's at once, and never two with the same hash. Run by store.case.ts on every database.
import assert from 'node:assert/strict';
import { newId } from '../../adapters/ids.js';
import type { ContractCase } from './contract-case.js';
import { assertUniqueViolation } from './contract-case.js';
import { session } from './records.js';

export const sessionsCases: ContractCase[] = [
  {
    name: 'a session round-trips by its token hash; touch and delete',
    async run(store) {
      const s = session(newId());
      await store.sessions.insert(s);
      assert.deepEqual(await store.sessions.getByTokenHash(s.token_hash), s);
      assert.equal(await store.sessions.getByTokenHash('no-such-hash'), null);
      await store.sessions.touch(s.id, 500);
      assert.deepEqual(await store.sessions.getByTokenHash(s.token_hash), { ...s, last_activity_at: 500 });
      await store.sessions.delete(s.id);
      assert.equal(await store.sessions.getByTokenHash(s.token_hash), null);
    },
  },
  {
    name: "deleting a user's sessions keeps the one asked for and answers the ids ended",
    async run(store) {
      const userId = newId();
      const [keep, a, b] = [session(userId), session(userId), session(userId)];
      const stranger = session(newId());
      for (const s of [keep, a, b, stranger]) await store.sessions.insert(s);
      assert.deepEqual((await store.sessions.deleteForUser(userId, keep.id)).sort(), [a.id, b.id].sort());
      assert.equal(await store.sessions.getByTokenHash(a.token_hash), null);
      assert.deepEqual(await store.sessions.getByTokenHash(keep.token_hash), keep);
      assert.deepEqual(await store.sessions.getByTokenHash(stranger.token_hash), stranger);
      assert.deepEqual(await store.sessions.deleteForUser(userId), [keep.id]);
      assert.deepEqual(await store.sessions.deleteForUser(userId), []);
    },
  },
  {
    name: 'a token hash or id already stored is a UniqueViolation',
    async run(store) {
      const s = session(newId());
      await store.sessions.insert(s);
      await assertUniqueViolation(store.sessions.insert(session(newId(), { token_hash: s.token_hash })), 'sessions', ['token_hash']);
      await assertUniqueViolation(store.sessions.insert(session(newId(), { id: s.id })), 'sessions', ['id']);
    },
  },
];
