import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeId, isValidId, uuidV4Bytes } from './ids.js';

test('encodeId makes 26 characters from the base32 alphabet', () => {
  assert.equal(encodeId(new Uint8Array(16)), 'y'.repeat(26));
  assert.equal(encodeId(new Uint8Array(16).fill(255)), '9'.repeat(25) + 'h');
  const id = encodeId(uuidV4Bytes(Uint8Array.from({ length: 16 }, (_, i) => i * 17)));
  assert.match(id, /^[ybndrfg8ejkmcpqxot1uwisza345h769]{26}$/);
});

test('encodeId refuses anything but 16 bytes', () => {
  assert.throws(() => encodeId(new Uint8Array(15)), RangeError);
});

test('isValidId accepts exactly 26 ASCII letters or digits', () => {
  for (const [value, ok] of [
    ['abcdefghijklmnopqrstuvwxyz', true],
    ['ABCDEFGHIJKLMNOPQRSTUVWXY1', true],
    ['abcdefghijklmnopqrstuvwxy', false],
    ['abcdefghijklmnopqrstuvwxyz1', false],
    ['abcdefghijklmnopqrstuvwxy-', false],
    ['junk', false],
    [42, false],
  ] as const) {
    assert.equal(isValidId(value), ok, String(value));
  }
});
