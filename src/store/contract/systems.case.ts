// Store contract for server-wide values. Run by store.case.ts on every database.
import assert from 'node:assert/strict';
import type { ContractCase } from './contract-case.js';

export const systemsCases: ContractCase[] = [
  {
    name: 'systems keep the first value stored',
    async run(store) {
      assert.equal(await store.systems.get('DiagnosticId'), null);
      assert.equal(await store.systems.getOrInsert('DiagnosticId', 'one'), 'one');
      assert.equal(await store.systems.getOrInsert('DiagnosticId', 'two'), 'one');
      assert.equal(await store.systems.get('DiagnosticId'), 'one');
    },
  },
];
