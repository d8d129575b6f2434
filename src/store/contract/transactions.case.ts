// Store contract for transactions: all or nothing, the store's own errors out of them, and a lost
// race (a deadlock) as a StoreConflict. Run by store.case.ts on every database.
import assert from 'node:assert/strict';
import { newId } from '../../adapters/ids.js';
import { StoreConflict } from '../errors.js';
import type { ContractCase } from './contract-case.js';
import { assertUniqueViolation, signal } from './contract-case.js';
import { user } from './records.js';

export const transactionsCases: ContractCase[] = [
  {
    name: 'transactions roll back every write together; a unique violation inside is the store error',
    async run(store) {
      const before = await store.users.count();
      await assertUniqueViolation(
        store.transaction(async (tx) => {
          await tx.users.insert(user('txuser'));
          await tx.users.insert(user('txuser', { email: 'txuser2@example.com' }));
        }),
        'users',
        ['username'],
      );
      assert.equal(await store.users.count(), before);
      await store.transaction(async (tx) => tx.users.insert(user('committed')));
      assert.equal(await store.users.count(), before + 1);
    },
  },
  {
    name: "an error of the caller's own passes through a transaction unchanged",
    async run(store) {
      const mine = new Error('mine');
      await assert.rejects(store.transaction(async (tx) => {
        await tx.users.insert(user('rolled-back'));
        throw mine;
      }), (e) => e === mine);
      assert.equal(await store.users.getByUsername('rolled-back'), null);
    },
  },
  {
    name: 'two transactions that each wait for a lock the other holds: one ends in StoreConflict, the other commits',
    concurrentTransactions: true,
    async run(store) {
      const [teamA, teamB] = [newId(), newId()];
      const [aHeld, bHeld] = [signal(), signal()];
      const first = store.transaction(async (tx) => {
        await tx.outgoingHooks.lockTeam(teamA);
        aHeld.resolve();
        await bHeld.promise;
        await tx.outgoingHooks.lockTeam(teamB);
        await tx.users.insert(user('deadlock-first'));
      });
      const second = store.transaction(async (tx) => {
        await tx.outgoingHooks.lockTeam(teamB);
        bHeld.resolve();
        await aHeld.promise;
        await tx.outgoingHooks.lockTeam(teamA);
        await tx.users.insert(user('deadlock-second'));
      });
      const results = await Promise.allSettled([first, second]);
      const lost = results.filter((r) => r.status === 'rejected');
      assert.equal(lost.length, 1, 'exactly one transaction loses');
      assert.ok((lost[0] as PromiseRejectedResult).reason instanceof StoreConflict, String((lost[0] as PromiseRejectedResult).reason));
      const committed = await Promise.all(['deadlock-first', 'deadlock-second'].map((n) => store.users.getByUsername(n)));
      assert.equal(committed.filter((u) => u !== null).length, 1, "only the winner's write is kept");
    },
  },
];
