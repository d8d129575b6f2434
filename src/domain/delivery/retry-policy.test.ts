// Table tests for the delivery policy: classification of attempt results and the retry schedule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpErrorReason, HttpResult } from '../net/http-client.js';
import {
  DEFAULT_RETRY_SCHEDULE_SECONDS,
  MAX_RETRY_AFTER_MS,
  classifyAttempt,
  nextAttemptAt,
  parseRetryAfter,
} from './retry-policy.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');

const response = (status: number, headers: Record<string, string> = {}): HttpResult => ({
  kind: 'response', status, headers, body: Buffer.alloc(0), truncated: false, durationMs: 5,
});
const failure = (reason: HttpErrorReason): HttpResult => ({ kind: 'error', reason, message: reason, durationMs: 5 });

test('classifyAttempt follows spec §3.8 and §11.1', () => {
  const cases: [string, HttpResult, object][] = [
    ['200', response(200), { kind: 'success' }],
    ['204', response(204), { kind: 'success' }],
    ['299', response(299), { kind: 'success' }],
    ['2xx truncated is still delivered', { ...response(200), truncated: true } as HttpResult, { kind: 'success' }],
    ['301 not followed', response(301), { kind: 'final-failure' }],
    ['302 not followed', response(302, { location: 'http://10.0.0.1/' }), { kind: 'final-failure' }],
    ['400', response(400), { kind: 'final-failure' }],
    ['401', response(401), { kind: 'final-failure' }],
    ['404', response(404), { kind: 'final-failure' }],
    ['410', response(410), { kind: 'gone' }],
    ['429 without Retry-After', response(429), { kind: 'retry' }],
    ['429 seconds', response(429, { 'retry-after': '120' }), { kind: 'retry', retryAfterMs: 120_000 }],
    ['429 HTTP-date', response(429, { 'retry-after': 'Sat, 01 Mar 2025 12:05:00 GMT' }), { kind: 'retry', retryAfterMs: 300_000 }],
    ['429 date in the past', response(429, { 'retry-after': 'Sat, 01 Mar 2025 11:00:00 GMT' }), { kind: 'retry', retryAfterMs: 0 }],
    ['429 garbage', response(429, { 'retry-after': 'soon' }), { kind: 'retry' }],
    ['500', response(500), { kind: 'retry' }],
    ['502', response(502), { kind: 'retry' }],
    ['503 with Retry-After', response(503, { 'retry-after': '7' }), { kind: 'retry', retryAfterMs: 7000 }],
    ['599', response(599), { kind: 'retry' }],
    ['timeout', failure('timeout'), { kind: 'retry' }],
    ['connect', failure('connect'), { kind: 'retry' }],
    ['dns', failure('dns'), { kind: 'retry' }],
    ['tls', failure('tls'), { kind: 'retry' }],
    ['other', failure('other'), { kind: 'retry' }],
    ['forbidden address', failure('forbidden_address'), { kind: 'final-failure' }],
    ['invalid url', failure('invalid_url'), { kind: 'final-failure' }],
    ['too many redirects', failure('too_many_redirects'), { kind: 'final-failure' }],
  ];
  for (const [name, result, expected] of cases) assert.deepEqual(classifyAttempt(result, NOW), expected, name);
});

test('parseRetryAfter reads seconds and HTTP-dates, caps absurd values, ignores the rest', () => {
  const cases: [string | undefined, number | undefined][] = [
    [undefined, undefined],
    ['0', 0],
    [' 30 ', 30_000],
    ['99999999', MAX_RETRY_AFTER_MS],
    ['Sat, 01 Mar 2025 12:00:10 GMT', 10_000],
    ['Sun, 01 Mar 2099 12:00:00 GMT', MAX_RETRY_AFTER_MS],
    ['-5', undefined],
    ['1.5', undefined],
    ['2025-03-01T12:00:10Z', undefined],
    ['Mon, garbage', undefined],
    ['', undefined],
  ];
  for (const [value, expected] of cases) assert.equal(parseRetryAfter(value, NOW), expected, String(value));
});

test('nextAttemptAt walks the schedule with ±20% jitter and stops when it is exhausted', () => {
  const schedule = DEFAULT_RETRY_SCHEDULE_SECONDS;
  const cases: [string, number, number, number | null][] = [
    // [name, attempt, random(), expected delay ms or null]
    ['first retry, no jitter', 1, 0.5, 5_000],
    ['first retry, lowest jitter', 1, 0, 4_000],
    ['first retry, highest jitter', 1, 0.999999, 6_000],
    ['second retry', 2, 0.5, 30_000],
    ['third retry, low', 3, 0.25, 108_000],
    ['sixth retry', 6, 0.5, 3_600_000],
    ['seventh attempt was the last', 7, 0.5, null],
    ['attempt 0 is not a failed attempt', 0, 0.5, null],
  ];
  for (const [name, attempt, r, delay] of cases) {
    const at = nextAttemptAt({ attempt, schedule, now: NOW, random: () => r });
    assert.equal(at, delay === null ? null : NOW + delay, name);
  }
});

test('nextAttemptAt: [] means one attempt; Retry-After delays but never advances or adds attempts', () => {
  assert.equal(nextAttemptAt({ attempt: 1, schedule: [], now: NOW, random: () => 0.5 }), null);
  const base = { schedule: [5, 30], now: NOW, random: () => 0.5 };
  assert.equal(nextAttemptAt({ ...base, attempt: 1, retryAfterMs: 60_000 }), NOW + 60_000);
  assert.equal(nextAttemptAt({ ...base, attempt: 1, retryAfterMs: 1_000 }), NOW + 5_000);
  assert.equal(nextAttemptAt({ ...base, attempt: 1, retryAfterMs: 10 * MAX_RETRY_AFTER_MS }), NOW + MAX_RETRY_AFTER_MS);
  assert.equal(nextAttemptAt({ ...base, attempt: 3, retryAfterMs: 1_000 }), null);
});
