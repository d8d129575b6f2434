// The delivery policy end to end in one process, with an injected clock and a scripted receiver:
// the retry schedule from WebhookSettings.RetryScheduleSeconds, jitter bounds, Retry-After, final
// 4xx, 410 Gone, the single-attempt schedule, and auto-disable after a sustained failure streak.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answer, startHarness, transportError, type Harness } from './support/delivery-harness.js';
import { SYSTEM_BOT_USERNAME } from '../src/app/system-bot.js';
import { enableHook } from '../src/app/outgoing-hooks/management.js';
import { newSigningSecret } from '../src/domain/delivery/signature.js';
import type { HttpResult } from '../src/domain/net/http-client.js';

async function withHarness(settings: Record<string, unknown>, fn: (h: Harness) => Promise<void>) {
  const h = await startHarness(settings);
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

/** Messages the system bot sent to the hook's creator. */
async function botMessages(h: Harness): Promise<string[]> {
  const bot = await h.ctx.store.users.getByUsername(SYSTEM_BOT_USERNAME);
  if (!bot) return [];
  const dms = (await h.ctx.store.channels.listForUserInTeam(h.creatorId, '')).filter((c) => c.type === 'D');
  const posts = [];
  for (const c of dms) posts.push(...(await h.ctx.store.posts.listPage(c.id, { offset: 0, limit: 50 }, false)));
  return posts.filter((p) => p.user_id === bot.id).map((p) => p.message);
}

test('retries follow RetryScheduleSeconds to the millisecond, then the delivery fails', () =>
  withHarness({ RetryScheduleSeconds: [5, 30, 120], DisableAfterFailures: 100 }, async (h) => {
    h.script(answer(500));
    const d = await h.queue();
    for (const delaySeconds of [5, 30, 120]) {
      const [after] = await h.runDue();
      assert.equal(after.state, 'retrying');
      assert.equal(after.next_attempt_at, h.clock.now() + delaySeconds * 1000, 'random 0.5 means no jitter');
      h.clock.advance(delaySeconds * 1000 - 1);
      assert.deepEqual(await h.runDue(), [], 'nothing is sent a millisecond early');
      h.clock.advance(1);
    }
    const [last] = await h.runDue();
    assert.equal(last.state, 'failed');
    assert.equal(last.attempt_count, 4, 'a schedule of n delays allows n + 1 attempts');
    assert.equal(last.last_status_code, 500);
    const attempts = await h.ctx.store.deliveries.attempts(d.id);
    assert.deepEqual(attempts.map((a) => a.outcome), ['retry', 'retry', 'retry', 'failure']);
    assert.deepEqual(h.metrics.map((m) => m.outcome), ['retry', 'retry', 'retry', 'failure']);
    // The same webhook-id on every attempt, so receivers can de-duplicate.
    assert.deepEqual(new Set(h.sent.map((s) => s.headers['webhook-id'])), new Set([d.id]));
    h.clock.advance(86_400_000);
    assert.deepEqual(await h.runDue(), [], 'a failed delivery is never claimed again');
  }));

test('jitter keeps each delay within ±20% of the scheduled one', () =>
  withHarness({ RetryScheduleSeconds: [10] }, async (h) => {
    const cases: Array<[random: number, delayMs: number]> = [[0, 8000], [0.25, 9000], [0.5, 10_000], [0.75, 11_000], [0.999_999, 12_000]];
    h.script(transportError('timeout'));
    for (const [random, delayMs] of cases) {
      h.random.value = random;
      await h.queue();
      const [after] = await h.runDue();
      assert.equal(after.state, 'retrying', `random ${random}`);
      assert.equal(after.next_attempt_at - h.clock.now(), delayMs, `random ${random}`);
    }
  }));

test('classification: what is retried, what is final', async (t) => {
  const cases: Array<{ name: string; result: HttpResult; state: string; delayMs?: number }> = [
    { name: '500', result: answer(500), state: 'retrying', delayMs: 5000 },
    { name: '503', result: answer(503), state: 'retrying', delayMs: 5000 },
    { name: 'timeout', result: transportError('timeout'), state: 'retrying', delayMs: 5000 },
    { name: 'connection refused', result: transportError('connect'), state: 'retrying', delayMs: 5000 },
    { name: '429 without Retry-After', result: answer(429), state: 'retrying', delayMs: 5000 },
    { name: '429 Retry-After: 120 (seconds)', result: answer(429, { 'retry-after': '120' }), state: 'retrying', delayMs: 120_000 },
    { name: '429 Retry-After as an HTTP-date', result: answer(429, { 'retry-after': 'Mon, 05 Jan 2026 09:10:00 GMT' }), state: 'retrying', delayMs: 600_000 },
    { name: '429 Retry-After shorter than the schedule', result: answer(429, { 'retry-after': '1' }), state: 'retrying', delayMs: 5000 },
    { name: '400', result: answer(400), state: 'failed' },
    { name: '401', result: answer(401), state: 'failed' },
    { name: '404', result: answer(404), state: 'failed' },
    { name: '302 (redirects are not followed)', result: answer(302, { location: 'http://elsewhere.test/' }), state: 'failed' },
    { name: 'forbidden address', result: transportError('forbidden_address'), state: 'failed' },
  ];
  for (const c of cases) {
    await t.test(c.name, () =>
      withHarness({ RetryScheduleSeconds: [5, 30], DisableAfterFailures: 100 }, async (h) => {
        h.script(c.result);
        await h.queue();
        const [after] = await h.runDue();
        assert.equal(after.state, c.state);
        assert.equal(after.attempt_count, 1);
        if (c.delayMs !== undefined) assert.equal(after.next_attempt_at - h.clock.now(), c.delayMs);
        assert.equal((await h.ctx.store.outgoingHooks.get(h.hook.id))?.disabled_at, 0);
      }),
    );
  }
});

test('RetryScheduleSeconds [] means a single attempt', () =>
  withHarness({ RetryScheduleSeconds: [] }, async (h) => {
    h.script(answer(503, { 'retry-after': '5' }));
    const d = await h.queue();
    const [after] = await h.runDue();
    assert.equal(after.state, 'failed');
    assert.equal((await h.ctx.store.deliveries.attempts(d.id)).length, 1);
  }));

test('410 Gone disables the hook at once and the creator gets a direct message from the bot', () =>
  withHarness({}, async (h) => {
    h.script(answer(410));
    await h.queue();
    const [after] = await h.runDue();
    assert.equal(after.state, 'failed');
    const hook = await h.ctx.store.outgoingHooks.get(h.hook.id);
    assert.equal(hook?.disabled_at, h.clock.now());
    assert.equal(h.registry.match(h.hook.team_id, h.hook.channel_id, 'go again').length, 0, 'a disabled hook no longer fires');
    const [message, ...more] = await botMessages(h);
    assert.equal(more.length, 0);
    assert.match(message, /Timer\*\* was disabled because its callback URL http:\/\/receiver\.test\/hook answered 410 Gone/);
    assert.match(message, new RegExp(`/api/v4/hooks/outgoing/${h.hook.id}/enable`));
    assert.deepEqual(h.metrics.map((m) => m.outcome), ['gone']);

    // Queued deliveries of a disabled hook are not sent.
    await h.queue();
    const [skipped] = await h.runDue();
    assert.deepEqual([skipped.state, skipped.last_error], ['cancelled', 'the outgoing webhook is disabled']);
    assert.equal(h.sent.length, 1);

    // Enabling turns it back on: it fires and delivers again.
    const svc = { newSigningSecret: () => newSigningSecret(new Uint8Array(32)), rotationGraceMs: 0 };
    const enabled = await enableHook(h.ctx, svc, { userId: h.creatorId, roles: 'system_user system_admin', sessionId: '' }, h.hook.id);
    assert.equal(enabled.disabled_at, 0);
    assert.equal(h.registry.match(h.hook.team_id, h.hook.channel_id, 'go again').length, 1);
    h.script(answer(200));
    await h.queue();
    assert.equal((await h.runDue())[0].state, 'succeeded');
  }));

test('auto-disable needs DisableAfterFailures failures in a row spanning DisableAfterHours', () =>
  withHarness({ RetryScheduleSeconds: [], DisableAfterFailures: 3, DisableAfterHours: 2 }, async (h) => {
    const hour = 3_600_000;
    const deliverAfter = async (ms: number, result: HttpResult) => {
      h.clock.advance(ms);
      h.script(result);
      await h.queue();
      return (await h.runDue())[0];
    };
    const disabledAt = async () => (await h.ctx.store.outgoingHooks.get(h.hook.id))?.disabled_at;
    await deliverAfter(0, answer(500));
    await deliverAfter(hour, answer(500));
    await deliverAfter(hour / 2, answer(200)); // a success breaks the streak
    await deliverAfter(hour / 2, answer(500));
    await deliverAfter(hour / 2, answer(500));
    await deliverAfter(hour / 2, answer(500));
    assert.equal(await disabledAt(), 0, 'three failures in a row, but only over 1 hour');
    await deliverAfter(hour, answer(500));
    assert.equal(await disabledAt(), 0, 'the last three span 1.5 hours');
    await deliverAfter(hour, transportError('connect'));
    assert.equal(await disabledAt(), h.clock.now(), 'the last three span 2 hours: disabled');
    const [message] = await botMessages(h);
    assert.match(message, /its last 3 deliveries failed over 2 hours/);
    assert.match(message, /Last error: `connect: connect \(scripted\)`/);
    await enableHook(h.ctx, { newSigningSecret: () => newSigningSecret(new Uint8Array(32)), rotationGraceMs: 0 }, { userId: h.creatorId, roles: 'system_user system_admin', sessionId: '' }, h.hook.id);
    await deliverAfter(hour, answer(500));
    assert.equal(await disabledAt(), 0, 'enabling the hook starts the failure streak over');
  }));

test('an unexpected exception counts as a failed attempt and follows the schedule instead of looping', () =>
  withHarness({ RetryScheduleSeconds: [5] }, async (h) => {
    h.script(new Error('boom'));
    const d = await h.queue();
    const [first] = await h.runDue();
    assert.deepEqual([first.state, first.attempt_count, first.last_error], ['retrying', 1, 'internal error: boom']);
    assert.equal((await h.ctx.store.deliveries.get(d.id))?.next_attempt_at, h.clock.now() + 5000);
    assert.deepEqual(await h.runDue(), [], 'not claimed again before its retry is due');
    h.clock.advance(5000);
    const [second] = await h.runDue();
    assert.deepEqual([second.state, second.attempt_count], ['failed', 2]);
  }));

test('a queued delivery to a callback URL the hook no longer has is not sent (the current token must not reach it)', () =>
  withHarness({ RetryScheduleSeconds: [5] }, async (h) => {
    h.script(answer(500));
    const d = await h.queue();
    const [first] = await h.runDue();
    assert.equal(first.state, 'retrying');
    // The admin drops the URL (say it leaked) and regenerates the token before the retry is due.
    const current = (await h.ctx.store.outgoingHooks.get(h.hook.id))!;
    await h.ctx.store.outgoingHooks.update({ ...current, callback_urls: ['http://replacement.test/hook'], token: 'n'.repeat(26) });
    h.clock.advance(5000);
    const [after] = await h.runDue();
    assert.equal(after.state, 'cancelled');
    assert.match(after.last_error, /callback URL .* no longer/);
    assert.equal(after.attempt_count, 1, 'nothing was attempted');
    assert.equal(h.sent.length, 1, 'only the first attempt went out');
    assert.equal((await h.ctx.store.deliveries.attempts(d.id)).length, 1);
  }));

test('deliveries cancelled for reasons that are not the receiver\'s fault do not count towards auto-disable', () =>
  withHarness({ RetryScheduleSeconds: [], DisableAfterFailures: 2, DisableAfterHours: 0 }, async (h) => {
    // The URL every queued delivery goes to is dropped from the hook; a new one replaces it.
    const current = (await h.ctx.store.outgoingHooks.get(h.hook.id))!;
    await h.ctx.store.outgoingHooks.update({ ...current, callback_urls: ['http://replacement.test/hook'], update_at: h.clock.now() });
    h.clock.advance(1000);
    await h.queue();
    const [cancelled] = await h.runDue();
    assert.equal(cancelled.state, 'cancelled');
    h.clock.advance(1000);
    h.script(answer(500));
    await h.queue({ callback_url: 'http://replacement.test/hook' });
    const [failed] = await h.runDue();
    assert.equal(failed.state, 'failed');
    assert.equal((await h.ctx.store.outgoingHooks.get(h.hook.id))?.disabled_at, 0, 'one failure and one cancellation are not two failures');
    assert.deepEqual(h.metrics.map((m) => m.outcome), ['cancelled', 'failure']);
    await h.queue({ callback_url: 'http://replacement.test/hook' });
    await h.runDue();
    assert.equal((await h.ctx.store.outgoingHooks.get(h.hook.id))?.disabled_at, h.clock.now(), 'two real failures are');
  }));

test('a delivery queued without a payload snapshot is built from the post when sent, and never for a deleted post', () =>
  withHarness({ RetryScheduleSeconds: [5] }, async (h) => {
    const d = await h.queue();
    const post = (await h.ctx.store.posts.get(d.post_id))!;
    await h.ctx.store.posts.update({ ...post, message: 'go later', edit_at: h.clock.now() });
    h.script(answer(500));
    await h.runDue();
    const [attempt] = await h.ctx.store.deliveries.attempts(d.id);
    assert.equal(JSON.parse(attempt.request_body).text, 'go later', 'no snapshot: the post as it is now');
    await h.ctx.store.posts.update({ ...post, delete_at: h.clock.now() });
    h.clock.advance(5000);
    const [after] = await h.runDue();
    assert.deepEqual([after.state, after.attempt_count], ['cancelled', 1]);
    assert.match(after.last_error, /deleted/);
    assert.equal(h.sent.length, 1);
  }));

test('while EnableOutgoingWebhooks is off, queued deliveries and due retries are not sent; they resume when it is on', () =>
  withHarness({ RetryScheduleSeconds: [5] }, async (h) => {
    h.script(answer(500));
    const retried = await h.queue();
    await h.runDue();
    const fresh = await h.queue();
    await h.ctx.config.patch({ ServiceSettings: { EnableOutgoingWebhooks: false } });
    h.clock.advance(5000);
    // Claimed just before the switch (the worker itself claims nothing while it is off): put back untouched.
    const held = await h.runDue();
    assert.deepEqual(held.map((d) => [d.id, d.state, d.attempt_count]).sort(), [[retried.id, 'retrying', 1], [fresh.id, 'pending', 0]].sort());
    assert.equal(h.sent.length, 1, 'only the attempt made while the feature was on went out');
    assert.equal((await h.ctx.store.deliveries.attempts(fresh.id)).length, 0);
    await h.ctx.config.patch({ ServiceSettings: { EnableOutgoingWebhooks: true } });
    h.script(answer(200));
    const resumed = await h.runDue();
    assert.deepEqual(resumed.map((d) => d.state), ['succeeded', 'succeeded']);
    assert.equal(h.sent.length, 3);
  }));
