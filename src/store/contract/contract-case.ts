// How the store contract is written: named cases over one store, run in order on every database
// (store.case.ts lists them per sub-store). A case leaves rows behind; later cases make their own.
import assert from 'node:assert/strict';
import type { Store } from '../store.js';
import { UniqueViolation } from '../errors.js';

export interface ContractCase {
  name: string;
  /** The case needs transactions that run side by side (PostgreSQL); SQLite runs one at a time. */
  concurrentTransactions?: boolean;
  run(store: Store): Promise<void>;
}

/** Asserts that `write` fails with the store's UniqueViolation naming `table` and exactly `columns`. */
export async function assertUniqueViolation(write: Promise<unknown>, table: string, columns: string[]): Promise<void> {
  await assert.rejects(write, (e: unknown) => {
    assert.ok(e instanceof UniqueViolation, `expected the store's UniqueViolation, got ${String(e)}`);
    assert.equal(e.table, table);
    assert.deepEqual(e.columns, columns);
    return true;
  });
}

/** A promise and the function that resolves it, to make two transactions take turns. */
export function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
