import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CURRENT_COST, NO_PASSWORD, UNMATCHABLE_HASH, hashPassword, needsRehash, verifyPassword } from './passwords.js';

test('hashes at the current cost (OWASP: N=2^17, r=8, p=1) and verifies only the same password', async () => {
  assert.deepEqual(CURRENT_COST, { N: 131072, r: 8, p: 1 });
  const stored = await hashPassword('correct horse');
  assert.match(stored, /^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  assert.equal(await verifyPassword('correct horse', stored), true);
  assert.equal(await verifyPassword('correct horsf', stored), false);
  assert.equal(needsRehash(stored), false);
  assert.notEqual(await hashPassword('correct horse'), stored, 'each hash has its own salt');
});

test('a hash made at an older cost still verifies, and is marked for re-hashing', async () => {
  const older = await hashPassword('pw', { N: 1 << 15, r: 8, p: 1 });
  assert.ok(older.startsWith('scrypt$32768$8$1$'));
  assert.equal(await verifyPassword('pw', older), true);
  assert.equal(needsRehash(older), true);
});

test('an unknown user is checked against a hash of the same cost as a real one', async () => {
  assert.equal(needsRehash(UNMATCHABLE_HASH), false);
  assert.ok(UNMATCHABLE_HASH.startsWith(`scrypt$${CURRENT_COST.N}$${CURRENT_COST.r}$${CURRENT_COST.p}$`));
  assert.equal(await verifyPassword('', UNMATCHABLE_HASH), false);
});

test('what is not a usable hash never matches and is never computed', async () => {
  const huge = `scrypt$${2 ** 40}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$${Buffer.alloc(32).toString('base64')}`;
  for (const stored of [NO_PASSWORD, '', 'bcrypt$x', 'scrypt$x$8$1$a$b', 'scrypt$16384$8$1$$', huge]) {
    assert.equal(await verifyPassword('anything', stored), false, stored);
    assert.equal(needsRehash(stored), false, stored);
  }
});
