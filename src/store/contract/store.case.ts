// The store contract: written once, one file per sub-store, run against every database adapter
// on one store per database, in the order below (a case leaves its rows; later cases make their own).
import { test } from 'node:test';
import type { Store } from '../store.js';
import type { ContractCase } from './contract-case.js';
import { usersCases } from './users.case.js';
import { sessionsCases } from './sessions.case.js';
import { teamsCases } from './teams.case.js';
import { channelsCases } from './channels.case.js';
import { postsCases } from './posts.case.js';
import { systemsCases } from './systems.case.js';
import { outgoingHooksCases } from './outgoing-hooks.case.js';
import { deliveriesCases } from './deliveries.case.js';
import { transactionsCases } from './transactions.case.js';
import { channelReadsCases } from './channel-reads.case.js';

const SUB_STORES: Array<[string, ContractCase[]]> = [
  ['users', usersCases],
  ['sessions', sessionsCases],
  ['teams', teamsCases],
  ['channels', channelsCases],
  ['channel reads', channelReadsCases],
  ['posts', postsCases],
  ['systems', systemsCases],
  ['outgoing hooks', outgoingHooksCases],
  ['deliveries', deliveriesCases],
  ['transactions', transactionsCases],
];

export interface ContractDatabase {
  label: string;
  /** Whether transactions run side by side (PostgreSQL) or one at a time (SQLite). */
  concurrentTransactions: boolean;
  open(): Promise<Store>;
}

/** A case whose locks wait for ever fails after this long instead of holding the whole run up. */
const CONCURRENT_CASE_TIMEOUT_MS = 60_000;

export function storeContract(db: ContractDatabase) {
  test(`${db.label}: store contract`, async (t) => {
    const store = await db.open();
    t.after(() => store.close());
    for (const [subStore, cases] of SUB_STORES) {
      await t.test(subStore, async (t) => {
        for (const c of cases) {
          const skip = c.concurrentTransactions && !db.concurrentTransactions ? `${db.label} runs one transaction at a time` : false;
          const timeout = c.concurrentTransactions ? CONCURRENT_CASE_TIMEOUT_MS : undefined;
          await t.test(c.name, { skip, timeout }, () => c.run(store));
        }
      });
    }
  });
}
