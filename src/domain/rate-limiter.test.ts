import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter, addressKey } from './rate-limiter.js';

test('a full minute of requests in a burst, then one each 1/limit of a minute', () => {
  const limiter = new RateLimiter();
  for (let i = 0; i < 6; i++) assert.equal(limiter.take('a', 0, 6), 0, `request ${i}`);
  assert.equal(limiter.take('a', 0, 6), 10_000, 'the next token comes 10 s later');
  assert.equal(limiter.take('a', 4_000, 6), 6_000);
  assert.equal(limiter.take('a', 10_000, 6), 0);
  assert.equal(limiter.take('a', 10_000, 6), 10_000);
  assert.equal(limiter.take('b', 10_000, 6), 0, 'keys are independent');
});

test('refused requests cost nothing; a lower limit applies at once; the clock going back is harmless', () => {
  const limiter = new RateLimiter();
  for (let i = 0; i < 3; i++) limiter.take('a', 0, 100);
  for (let i = 0; i < 2; i++) assert.equal(limiter.take('a', 1, 2), 0, `under the new limit ${i}`);
  assert.ok(limiter.take('a', 1, 2) > 0);
  assert.ok(limiter.take('a', 1, 2) > 0);
  assert.equal(limiter.take('a', 30_001, 2), 0, 'refusals did not push the next token later');
  assert.ok(limiter.take('a', 5, 2) > 0);
});

test('memory is bounded: the least recently used keys are forgotten first', () => {
  const limiter = new RateLimiter(2);
  limiter.take('a', 0, 1);
  limiter.take('b', 0, 1);
  limiter.take('c', 0, 1);
  assert.equal(limiter.take('a', 0, 1), 0, 'a was forgotten, so it starts full');
  assert.ok(limiter.take('c', 0, 1) > 0, 'c is remembered');
});

test('an IPv6 /64 is one client; IPv4-mapped addresses are their IPv4 address', () => {
  assert.equal(addressKey('2001:db8:1:2::1'), addressKey('2001:db8:1:2:ffff::9'));
  assert.notEqual(addressKey('2001:db8:1:2::1'), addressKey('2001:db8:1:3::1'));
  assert.equal(addressKey('::ffff:192.0.2.7'), addressKey('192.0.2.7'));
  assert.notEqual(addressKey('192.0.2.7'), addressKey('192.0.2.8'));
  assert.equal(addressKey('not an address'), 'not an address');
});
