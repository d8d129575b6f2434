// Table tests for the per-destination circuit breaker: what trips it, the cool-down, the single
// probe and its verdict, stale results, and the cool-down's growth after failed probes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpErrorReason, HttpResult } from '../net/http-client.js';
import {
  CLOSED, MAX_COOLDOWN_FACTOR, admission, afterResult, atTime, probeEnded, probeStarted, signalOf,
  type BreakerSettings, type Circuit, type Signal,
} from './circuit-breaker.js';

const T = Date.parse('2026-01-05T09:00:00Z');
const settings: BreakerSettings = { failures: 3, cooldownMs: 30_000 };

const response = (status: number): HttpResult => ({ kind: 'response', status, headers: {}, body: Buffer.alloc(0), truncated: false, durationMs: 1 });
const failure = (reason: HttpErrorReason): HttpResult => ({ kind: 'error', reason, message: reason, durationMs: 1 });

test('only reachability counts: any answer is "answered", timeouts and refused connections are "unreachable"', () => {
  const cases: [string, HttpResult, Signal][] = [
    ['200', response(200), 'answered'],
    ['404', response(404), 'answered'],
    ['500', response(500), 'answered'],
    ['503', response(503), 'answered'],
    ['timeout', failure('timeout'), 'unreachable'],
    ['connection refused or reset', failure('connect'), 'unreachable'],
    ['name does not resolve', failure('dns'), 'unreachable'],
    ['TLS', failure('tls'), 'neutral'],
    ['SSRF refusal', failure('forbidden_address'), 'neutral'],
    ['invalid URL', failure('invalid_url'), 'neutral'],
    ['redirects', failure('too_many_redirects'), 'neutral'],
    ['aborted at shutdown', failure('other'), 'neutral'],
  ];
  for (const [name, result, expected] of cases) assert.equal(signalOf(result), expected, name);
});

// One step of a scenario: a result at a time (with the request's start), or a probe being handed out
// or ending; then the state and admission expected at that time.
type Step =
  | { at: number; result: Signal; startedAt?: number }
  | { at: number; probe: 'started' | 'ended' }
  | { at: number; look: true };

function run(steps: Step[], s: BreakerSettings = settings) {
  let c: Circuit = CLOSED;
  const seen: Array<{ state: Circuit['state']; admission: string }> = [];
  for (const step of steps) {
    c = atTime(c, step.at);
    if ('result' in step) c = afterResult(c, step.result, step.startedAt ?? step.at, step.at, s);
    else if ('probe' in step) c = step.probe === 'started' ? probeStarted(c) : probeEnded(c);
    const a = admission(atTime(c, step.at));
    seen.push({ state: atTime(c, step.at).state, admission: a.kind === 'none' ? `none until ${a.until === null ? 'verdict' : a.until - T}` : a.kind });
  }
  return { circuit: c, seen };
}

test('consecutive unreachable results open the circuit; an answer in between starts the count again', () => {
  const { seen } = run([
    { at: T, result: 'unreachable' },
    { at: T + 1, result: 'unreachable' },
    { at: T + 2, result: 'answered' },
    { at: T + 3, result: 'unreachable' },
    { at: T + 4, result: 'unreachable' },
    { at: T + 5, result: 'neutral' },
    { at: T + 6, result: 'unreachable' },
    { at: T + 7, look: true },
  ]);
  assert.deepEqual(seen.map((x) => x.state), ['closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'open', 'open']);
  assert.deepEqual(seen[6].admission, `none until ${6 + 30_000}`);
});

test('after the cool-down a single probe goes; an answer closes the circuit', () => {
  const open: Step[] = [0, 1, 2].map((i) => ({ at: T + i, result: 'unreachable' as const }));
  const { seen, circuit } = run([
    ...open,
    { at: T + 30_001, look: true },
    { at: T + 30_002, look: true },
    { at: T + 30_002, probe: 'started' },
    { at: T + 30_500, result: 'answered' },
  ]);
  assert.deepEqual(seen.slice(2).map((x) => `${x.state}/${x.admission}`), [
    `open/none until ${30_002}`,
    'open/none until 30002',
    'half-open/probe',
    'half-open/none until verdict',
    'closed/share',
  ]);
  assert.deepEqual(circuit, { state: 'closed', failures: 0, since: T + 30_500 });
});

test('a failed probe opens the circuit again for twice the cool-down, up to the cap', () => {
  let c: Circuit = CLOSED;
  for (let i = 0; i < 3; i++) c = afterResult(c, 'unreachable', T, T, settings);
  assert.deepEqual(c, { state: 'open', until: T + 30_000, cooldownMs: 30_000, since: T });
  const cooldowns: number[] = [];
  let now = T;
  for (let round = 0; round < 7; round++) {
    now = (c as { until: number }).until;
    c = probeStarted(atTime(c, now));
    assert.equal(c.state, 'half-open');
    c = afterResult(c, 'unreachable', now, now + 10, settings);
    assert.equal(c.state, 'open');
    cooldowns.push((c as { cooldownMs: number }).cooldownMs / 1000);
    assert.equal((c as { until: number }).until, now + 10 + (c as { cooldownMs: number }).cooldownMs);
  }
  assert.deepEqual(cooldowns, [60, 120, 240, 480, 480, 480, 480]);
  assert.equal(480, (30 * MAX_COOLDOWN_FACTOR));
  // An answer closes it, and the next opening starts from the configured cool-down again.
  c = afterResult(c, 'answered', now, now + 20, settings);
  for (let i = 0; i < 3; i++) c = afterResult(c, 'unreachable', now + 30, now + 30, settings);
  assert.deepEqual(c, { state: 'open', until: now + 30 + 30_000, cooldownMs: 30_000, since: now + 30 });
});

test('a probe that ends without a verdict lets another probe go', () => {
  const open: Step[] = [0, 1, 2].map((i) => ({ at: T + i, result: 'unreachable' as const }));
  const { seen } = run([
    ...open,
    { at: T + 40_000, probe: 'started' },
    { at: T + 40_001, result: 'neutral' },
    { at: T + 40_002, probe: 'ended' },
  ]);
  assert.deepEqual(seen.slice(3).map((x) => `${x.state}/${x.admission}`), [
    'half-open/none until verdict',
    'half-open/none until verdict',
    'half-open/probe',
  ]);
});

test('stale failures (requests sent before the circuit last changed) are not counted; stale answers are', () => {
  const { seen } = run([
    { at: T, result: 'unreachable' },
    { at: T + 1, result: 'unreachable' },
    { at: T + 2, result: 'unreachable' },
    // Requests sent before it opened keep timing out: nothing changes.
    { at: T + 3, result: 'unreachable', startedAt: T - 10 },
    { at: T + 30_005, probe: 'started' },
    // Another request sent before the circuit turned half-open fails: the probe still decides.
    { at: T + 30_006, result: 'unreachable', startedAt: T + 1 },
    { at: T + 30_007, result: 'answered' },
    // Closed since T + 30 007: an old request failing now is not a new failure.
    { at: T + 30_008, result: 'unreachable', startedAt: T + 30_000 },
    { at: T + 30_009, result: 'unreachable', startedAt: T + 30_000 },
    { at: T + 30_010, result: 'unreachable', startedAt: T + 30_000 },
  ]);
  assert.deepEqual(seen.slice(3).map((x) => x.state), ['open', 'half-open', 'half-open', 'closed', 'closed', 'closed', 'closed']);
  // And an answer to an old request closes an open circuit: the destination is there.
  const reopened = run([0, 1, 2].map((i) => ({ at: T + i, result: 'unreachable' as const })));
  assert.equal(afterResult(reopened.circuit, 'answered', T - 5, T + 10, settings).state, 'closed');
});

test('failures = 0 turns the breaker off', () => {
  const off: BreakerSettings = { failures: 0, cooldownMs: 30_000 };
  const { seen } = run(Array.from({ length: 50 }, (_, i) => ({ at: T + i, result: 'unreachable' as const })), off);
  assert.ok(seen.every((x) => x.state === 'closed' && x.admission === 'share'));
});
