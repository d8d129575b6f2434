// The per-destination circuit breaker end to end, with the injected clock: the worker, the outbox on
// each database, and real HTTP to a loopback destination that first refuses connections and later
// answers. Consecutive refusals open the circuit; its deliveries are then deferred in the outbox
// without an attempt (visible in the log and in /metrics); after the cool-down a single probe goes,
// a failed probe doubles the cool-down, and an answer lets everything through, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DeliveryWorker } from '../src/delivery/worker.js';
import { DestinationCircuits } from '../src/delivery/destination-circuits.js';
import { watchDestinations } from '../src/delivery/watched-http-client.js';
import { createUndiciHttpClient } from '../src/adapters/outgoing-http/undici-http-client.js';
import { createPrometheusMetrics } from '../src/adapters/metrics/prometheus-metrics.js';
import { deliverSafely, type DeliverDeps } from '../src/app/outgoing-hooks/deliver.js';
import { presentDelivery } from '../src/http/presenters/outgoing-hooks.js';
import { destinationOf } from '../src/domain/delivery/destination.js';
import { silentLogger } from '../src/app/ports/logger.js';
import type { Delivery } from '../src/domain/delivery/delivery.js';
import { testDatabaseKinds } from './support/databases.js';
import { startHarness } from './support/delivery-harness.js';

/** A loopback destination that resets every connection until told to answer. */
async function startFlakyDestination() {
  let refusing = true;
  const received: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(String(req.headers['webhook-id']));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    if (refusing) return void socket.resetAndDestroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    answer: () => void (refusing = false),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

const COOLDOWN_MS = 60_000;

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: a destination that refuses connections is deferred, probed once, and resumes when it answers`, async (t) => {
    const h = await startHarness(
      {
        CircuitBreakerFailures: 3, CircuitBreakerCooldownSeconds: COOLDOWN_MS / 1000, RetryScheduleSeconds: [5, 5, 5, 5, 5],
        // Any final failure would disable the hook at once: deferral must never count as one.
        DisableAfterFailures: 1, DisableAfterHours: 0,
      },
      { kind, serviceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } },
    );
    const destination = await startFlakyDestination();
    const circuits = new DestinationCircuits(() => ({
      failures: h.ctx.config.get().WebhookSettings.CircuitBreakerFailures,
      cooldownMs: h.ctx.config.get().WebhookSettings.CircuitBreakerCooldownSeconds * 1000,
    }));
    const undici = createUndiciHttpClient({ settings: () => ({ allowedUntrustedInternalConnections: '127.0.0.1', enableInsecureOutgoingConnections: false }) });
    const http = watchDestinations(undici, circuits, h.clock, silentLogger);
    const metrics = createPrometheusMetrics(h.ctx.store.deliveries, () => h.clock.now(), () => circuits.notClosed(h.clock.now()).length);
    const deps: DeliverDeps = { http, random: () => 0.5, metrics };
    // One delivery at a time to the destination, so the order of events is fixed.
    const worker = new DeliveryWorker(h.ctx, {
      concurrency: 4, perDestination: 1, circuits, pollMs: 1000, owner: 'breaker-test', leaseMs: 3_600_000,
      deliver: (d) => deliverSafely(h.ctx, deps, d), deferred: (n) => metrics.deliveriesDeferred(n),
    });
    t.after(async () => {
      await worker.stop();
      await undici.close();
      await destination.close();
      await h.close();
    });
    await h.ctx.store.outgoingHooks.update({ ...h.hook, callback_urls: [destination.url] });
    const queued: Delivery[] = [];
    for (let i = 0; i < 8; i++) {
      queued.push(await h.queue({ callback_url: destination.url, destination: destinationOf(destination.url) }));
      h.clock.advance(1);
    }
    const run = async () => {
      worker.wake();
      await worker.idle();
    };
    const rows = async () => Promise.all(queued.map(async (d) => (await h.ctx.store.deliveries.get(d.id))!));
    const attemptsMade = async () => (await Promise.all(queued.map((d) => h.ctx.store.deliveries.attempts(d.id)))).flat().length;
    const metric = async (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await metrics.render())?.[1]);

    await worker.start();
    await worker.idle();
    // Three refused connections in a row open the circuit; nothing else is sent, and every delivery
    // left, the three retries included, waits for the end of the cool-down.
    const openedAt = h.clock.now();
    const until = openedAt + COOLDOWN_MS;
    assert.equal(await attemptsMade(), 3);
    let now = await rows();
    assert.deepEqual(now.map((d) => d.attempt_count), [1, 1, 1, 0, 0, 0, 0, 0]);
    assert.deepEqual(now.map((d) => d.state), ['retrying', 'retrying', 'retrying', 'pending', 'pending', 'pending', 'pending', 'pending']);
    assert.ok(now.every((d) => d.next_attempt_at === until && d.deferred_until === until));
    assert.ok(now.slice(3).every((d) => d.last_error === '' && d.last_status_code === 0), 'deferral is not an attempt');
    assert.equal(presentDelivery(now[5]).deferred_until, until, 'the delivery log shows until when it is deferred');
    assert.equal(await metric('switchboard_webhook_open_circuits'), 1);
    assert.equal(await metric('switchboard_webhook_deferred_deliveries'), 8);
    assert.equal(await metric('switchboard_webhook_deferrals_total'), 8);

    // During the cool-down nothing goes out, and a delivery queued meanwhile is deferred as well.
    h.clock.advance(30_000);
    const late = await h.queue({ callback_url: destination.url, destination: destinationOf(destination.url) });
    queued.push(late);
    await run();
    assert.equal(await attemptsMade(), 3);
    assert.equal((await h.ctx.store.deliveries.get(late.id))?.deferred_until, until);

    // After the cool-down a single probe goes: the oldest delivery. It is refused, so the circuit
    // opens again for twice the cool-down and the rest is deferred to then.
    h.clock.t = until;
    await run();
    assert.equal(await attemptsMade(), 4);
    now = await rows();
    assert.deepEqual(now.map((d) => d.attempt_count), [2, 1, 1, 0, 0, 0, 0, 0, 0]);
    const until2 = until + 2 * COOLDOWN_MS;
    assert.ok(now.every((d) => d.next_attempt_at === until2 && d.deferred_until === until2));
    assert.equal(destination.received.length, 0);

    // The destination answers again: the next probe succeeds and everything follows, oldest first,
    // one at a time as its share allows.
    destination.answer();
    h.clock.t = until2;
    await run();
    now = await rows();
    assert.deepEqual(now.map((d) => d.state), Array(9).fill('succeeded'));
    assert.deepEqual(now.map((d) => d.attempt_count), [3, 2, 2, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(destination.received, queued.map((d) => d.id));
    assert.equal(await metric('switchboard_webhook_open_circuits'), 0);
    assert.equal(await metric('switchboard_webhook_deferred_deliveries'), 0);
    // Deferrals were never failures: the hook, which any final failure would disable, is still on.
    assert.equal((await h.ctx.store.outgoingHooks.get(h.hook.id))?.disabled_at, 0);
  });
}
