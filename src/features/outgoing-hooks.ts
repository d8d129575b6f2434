// Outgoing webhooks, wired in one place: the trigger index (following hook and account changes on
// the event bus), the post trigger that queues deliveries in the post's own transaction, the
// delivery worker with its HTTP client, circuits and metrics, the delivery log's retention, and the
// /api/v4/hooks/outgoing routes. The composition root adds the post trigger, mounts the routes and
// starts and stops the feature with the server.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import type { PostTrigger } from '../app/post-triggers.js';
import { HookRegistry } from '../app/outgoing-hooks/registry.js';
import { outgoingHookFanOut } from '../app/outgoing-hooks/fan-out.js';
import { deliverSafely, type DeliverDeps } from '../app/outgoing-hooks/deliver.js';
import type { HookServices } from '../app/outgoing-hooks/management.js';
import type { Delivery } from '../domain/delivery/delivery.js';
import { newSigningSecret } from '../domain/delivery/signature.js';
import { DeliveryWorker } from '../delivery/worker.js';
import { DestinationCircuits } from '../delivery/destination-circuits.js';
import { watchDestinations } from '../delivery/watched-http-client.js';
import { startLogRetention } from '../delivery/log-retention.js';
import { createUndiciHttpClient } from '../adapters/outgoing-http/undici-http-client.js';
import { createPrometheusMetrics, type PrometheusMetrics } from '../adapters/metrics/prometheus-metrics.js';
import { outgoingHookRoutes } from '../http/api4/outgoing-hooks.js';
import type { RoutePlugin } from '../http/route-kit.js';

/** A claim on a delivery lasts this long unless renewed (the worker renews every third of it). */
const DELIVERY_LEASE_MS = 15_000;
/** Deliveries in flight at once, and at most this many of them to one destination. */
const DELIVERY_CONCURRENCY = 32;
const DELIVERIES_PER_DESTINATION = 8;
/** How long the previous signing secret keeps being sent after a rotation. */
const SECRET_ROTATION_GRACE_MS = 24 * 3_600_000;

export interface OutgoingHooksOptions {
  /** Only for a database no other process can share (SQLite): leases found at start were left by a killed run. */
  releaseLeasesOnStart: boolean;
}

export interface OutgoingHooks {
  /** /hooks/outgoing, for the /api/v4 scope. */
  routes: RoutePlugin;
  /** Queues a new user post's deliveries in its transaction. */
  postTrigger: PostTrigger;
  worker: DeliveryWorker;
  /** The delivery engine's numbers, for GET /metrics. */
  metrics: PrometheusMetrics;
  /** Starts the worker and the delivery log's retention; call once the server listens. */
  start(): Promise<void>;
  /** Stops sending (an attempt in flight is put back, not counted), the worker, and its connections. */
  close(): Promise<void>;
}

export async function createOutgoingHooks(ctx: AppContext, opts: OutgoingHooksOptions): Promise<OutgoingHooks> {
  const { config, events } = ctx;
  const registry = await HookRegistry.load(ctx.store);
  // Hook changes, and users deactivated (their hooks stop firing) or reactivated, reach the index.
  const unfollow = [registry.follow(events)];
  const circuits = new DestinationCircuits(() => {
    const { CircuitBreakerFailures, CircuitBreakerCooldownSeconds } = config.get().WebhookSettings;
    return { failures: CircuitBreakerFailures, cooldownMs: CircuitBreakerCooldownSeconds * 1000 };
  });
  const http = watchDestinations(createUndiciHttpClient({
    settings: () => ({
      allowedUntrustedInternalConnections: config.get().ServiceSettings.AllowedUntrustedInternalConnections,
      enableInsecureOutgoingConnections: config.get().ServiceSettings.EnableInsecureOutgoingConnections,
    }),
    // Only a guard: the worker already keeps each destination to its share; test sends come on top.
    maxConcurrentPerOrigin: 2 * DELIVERIES_PER_DESTINATION,
  }), circuits, ctx.clock, ctx.logger);
  const shutdown = new AbortController();
  const metrics = createPrometheusMetrics(ctx.store.deliveries, () => ctx.clock.now(), () => circuits.notClosed(ctx.clock.now()).length);
  const deliverDeps: DeliverDeps = { http, random: Math.random, shutdown: shutdown.signal, metrics };
  const deliverNow = (d: Delivery) => deliverSafely(ctx, deliverDeps, d);
  const worker = new DeliveryWorker(ctx, {
    concurrency: DELIVERY_CONCURRENCY, perDestination: DELIVERIES_PER_DESTINATION, circuits,
    deferred: (count) => metrics.deliveriesDeferred(count),
    pollMs: 1000, owner: ctx.newId(), deliver: deliverNow, leaseMs: DELIVERY_LEASE_MS,
    releaseLeasesOnStart: opts.releaseLeasesOnStart,
    paused: () => !config.get().ServiceSettings.EnableOutgoingWebhooks,
  });
  const fanOut = outgoingHookFanOut(ctx, { registry, wake: () => worker.wake() });
  // Once a post that queued deliveries is committed, the worker is woken for them.
  unfollow.push(events.subscribe('post.created', ({ post }) => fanOut.afterCommit(post)));
  const hookServices: HookServices = {
    newSigningSecret: () => newSigningSecret(randomBytes(32)),
    rotationGraceMs: SECRET_ROTATION_GRACE_MS,
  };
  let stopRetention = () => {};
  return {
    routes: outgoingHookRoutes({ ...hookServices, wake: () => worker.wake(), deliverNow }),
    postTrigger: fanOut,
    worker,
    metrics,
    async start() {
      await worker.start();
      stopRetention = startLogRetention(ctx);
    },
    async close() {
      stopRetention();
      shutdown.abort();
      await worker.stop();
      await http.close();
      for (const stop of unfollow) stop();
    },
  };
}
