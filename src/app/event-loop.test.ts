// Tests for nextTurn: one waiting step per turn of the event loop, with other work in between.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inTurns, nextTurn } from './event-loop.js';

test('steps waiting together go one per turn, and work queued meanwhile runs between them', async () => {
  const order: string[] = [];
  const step = async (name: string) => {
    await nextTurn();
    order.push(name);
  };
  const steps = [step('a'), step('b'), step('c')];
  // Stands for a request that arrives while the steps wait: it must not wait behind all of them.
  setImmediate(() => order.push('request'));
  await Promise.all(steps);
  assert.deepEqual(order, ['a', 'request', 'b', 'c']);
});

test('first come, first served, also for steps that queue again', async () => {
  const order: string[] = [];
  const twoSteps = async (name: string) => {
    await nextTurn();
    order.push(`${name}1`);
    await nextTurn();
    order.push(`${name}2`);
  };
  await Promise.all([twoSteps('a'), twoSteps('b')]);
  assert.deepEqual(order, ['a1', 'b1', 'a2', 'b2']);
});

test('inTurns runs one step of a computation per turn and returns its result', async () => {
  const order: string[] = [];
  function* steps(): Generator<void, number, void> {
    order.push('s1');
    yield;
    order.push('s2');
    return 42;
  }
  const running = inTurns(steps());
  setImmediate(() => order.push('request'));
  assert.equal(await running, 42);
  assert.deepEqual(order, ['s1', 'request', 's2']);
});
