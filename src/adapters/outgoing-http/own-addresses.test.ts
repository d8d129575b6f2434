// The own-address list fails closed when the interfaces cannot be listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { networkInterfaces } from 'node:os';
import { readOwnAddresses } from './own-addresses.js';

test('lists every interface address, or "all" when listing throws', () => {
  const fake = (() => ({
    lo: [{ address: '127.0.0.1' }, { address: '::1' }],
    eth0: [{ address: '203.0.113.10' }],
    down: undefined,
  })) as unknown as typeof networkInterfaces;
  assert.deepEqual(readOwnAddresses(fake), ['127.0.0.1', '::1', '203.0.113.10']);
  const broken = (() => { throw new Error('uv_interface_addresses'); }) as unknown as typeof networkInterfaces;
  assert.equal(readOwnAddresses(broken), 'all');
  assert.ok(Array.isArray(readOwnAddresses()));
});
