import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInProcessEventBus } from './in-process-event-bus.js';
import type { Logger } from '../app/ports/logger.js';

const quiet: Logger = { info() {}, warn() {}, error() {} };

test('subscribers are told before publish returns, in the order they subscribed, only of their event', () => {
  const bus = createInProcessEventBus(quiet);
  const seen: string[] = [];
  bus.subscribe('user.active_changed', (e) => seen.push(`first ${e.userId} ${e.active}`));
  bus.subscribe('session.revoked', (e) => seen.push(`sessions ${e.sessionIds.join(',')}`));
  bus.subscribe('user.active_changed', (e) => seen.push(`second ${e.userId} ${e.active}`));
  bus.publish('user.active_changed', { userId: 'u1', active: false });
  assert.deepEqual(seen, ['first u1 false', 'second u1 false']);
  bus.publish('session.revoked', { sessionIds: ['s1', 's2'] });
  assert.deepEqual(seen.slice(2), ['sessions s1,s2']);
});

test('a subscriber that throws is logged and the others are still told', () => {
  const errors: Array<Record<string, unknown> | undefined> = [];
  const bus = createInProcessEventBus({ ...quiet, error: (_msg, fields) => void errors.push(fields) });
  const seen: string[] = [];
  bus.subscribe('session.revoked', () => {
    throw new Error('boom');
  });
  bus.subscribe('session.revoked', () => seen.push('told'));
  assert.doesNotThrow(() => bus.publish('session.revoked', { sessionIds: ['s'] }));
  assert.deepEqual(seen, ['told']);
  assert.deepEqual(errors, [{ event: 'session.revoked', error: 'boom' }]);
});

test('an unsubscribed handler is not told again; one subscribing during a delivery waits for the next', () => {
  const bus = createInProcessEventBus(quiet);
  const seen: string[] = [];
  const stop = bus.subscribe('session.revoked', () => seen.push('a'));
  bus.subscribe('session.revoked', () => {
    seen.push('b');
    bus.subscribe('session.revoked', () => seen.push('late'));
  });
  bus.publish('session.revoked', { sessionIds: [] });
  stop();
  bus.publish('session.revoked', { sessionIds: [] });
  assert.deepEqual(seen, ['a', 'b', 'b', 'late']);
});

test('an event published by a subscriber is delivered at once, inside the one being delivered', () => {
  const bus = createInProcessEventBus(quiet);
  const seen: string[] = [];
  bus.subscribe('user.active_changed', () => {
    seen.push('account');
    bus.publish('session.revoked', { sessionIds: ['s'] });
  });
  bus.subscribe('user.active_changed', () => seen.push('account, second subscriber'));
  bus.subscribe('session.revoked', () => seen.push('sessions'));
  bus.publish('user.active_changed', { userId: 'u', active: false });
  assert.deepEqual(seen, ['account', 'sessions', 'account, second subscriber']);
});
