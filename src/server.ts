// The composition root: config -> store -> app -> HTTP + websocket. main.ts and the end-to-end
// tests both start Switchboard through here.
import type { AddressInfo } from 'node:net';
import { ConfigService } from './config/config-service.js';
import { DEFAULT_SQLITE_DATA_SOURCE } from './config/schema.js';
import { openDatabase } from './store/database.js';
import { createSqlStore } from './store/sql/sql-store.js';
import { buildServer } from './http/build-server.js';
import { WebSocketHub } from './realtime/websocket-hub.js';
import { websocketPostEvents } from './adapters/websocket-post-events.js';
import { newId } from './adapters/ids.js';
import { systemClock } from './app/ports.js';
import { appLogger, silentLog, type Pino } from './adapters/logger.js';
import type { AppContext } from './app/context.js';
import { authenticate } from './app/sessions.js';
import { findToken } from './http/authentication.js';
import { SERVER_VERSION } from './version.js';
import { randomBytes } from 'node:crypto';
import { HookRegistry } from './app/outgoing-hooks/registry.js';
import { outgoingHookFanOut } from './app/outgoing-hooks/fan-out.js';
import { deliverSafely, type DeliverDeps } from './app/outgoing-hooks/deliver.js';
import type { HookServices } from './app/outgoing-hooks/management.js';
import { DeliveryWorker } from './delivery/worker.js';
import { DestinationCircuits } from './delivery/destination-circuits.js';
import { watchDestinations } from './delivery/watched-http-client.js';
import { startLogRetention } from './delivery/log-retention.js';
import { createUndiciHttpClient } from './adapters/outgoing-http/undici-http-client.js';
import { newSigningSecret } from './domain/delivery/signature.js';
import { outgoingHookRoutes } from './http/api4/outgoing-hooks.js';
import type { Delivery } from './domain/delivery/delivery.js';
import { createPrometheusMetrics } from './adapters/metrics/prometheus-metrics.js';
import { metricsRoute } from './http/metrics-route.js';
import { buildMetricsServer } from './http/metrics-server.js';
import { webApp } from './http/web-app.js';

/** A claim on a delivery lasts this long unless renewed (the worker renews every third of it). */
const DELIVERY_LEASE_MS = 15_000;
/** Deliveries in flight at once, and at most this many of them to one destination. */
const DELIVERY_CONCURRENCY = 32;
const DELIVERIES_PER_DESTINATION = 8;

export interface RunningServer {
  url: string;
  port: number;
  /** The metrics listener's base URL, when MetricsSettings.Enable is on. */
  metricsUrl?: string;
  ctx: AppContext;
  /** Every HTTP route served, as "METHOD /path/:param" (automatic HEAD twins left out). */
  routes: readonly string[];
  close(): Promise<void>;
}

export interface StartOptions {
  config: ConfigService;
  /** The one log for requests and the app (adapters/logger.ts); silent when not given. */
  log?: Pino;
  /** Folder of the built web app; default web/dist of this package; false serves the API alone. */
  webRoot?: string | false;
}

/** Splits ListenAddress (":8065", "127.0.0.1:0") into host and port; an empty host means every interface. */
export function parseListenAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  return { host: host || '0.0.0.0', port: Number(address.slice(colon + 1)) };
}

export async function startServer({ config, log = silentLog(), webRoot }: StartOptions): Promise<RunningServer> {
  const logger = appLogger(log);
  const settings = config.get();
  const driver = settings.SqlSettings.DriverName as 'sqlite' | 'postgres';
  const dataSource = settings.SqlSettings.DataSource || (driver === 'sqlite' ? DEFAULT_SQLITE_DATA_SOURCE : '');
  if (!dataSource) throw new Error('SqlSettings.DataSource must be set to a PostgreSQL URL when SqlSettings.DriverName is postgres');
  const opened = await openDatabase(driver, dataSource, (msg, fields) => logger.warn(msg, fields));
  if (opened.migrated.length > 0) logger.info('database schema migrated', { migrations: opened.migrated });
  const store = createSqlStore(opened);

  let hub: WebSocketHub;
  const ctx: AppContext = {
    store, config, clock: systemClock, newId, logger,
    events: { posted: (...a) => events.posted(...a), edited: (...a) => events.edited(...a), deleted: (...a) => events.deleted(...a) },
    postCreatedListeners: [],
  };
  const socketAuth = async (token: string) => {
    try {
      const who = await authenticate(ctx, token);
      return { userId: who.userId, sessionId: who.sessionId, expiresAt: who.expiresAt };
    } catch {
      return null;
    }
  };
  hub = new WebSocketHub({
    serverVersion: SERVER_VERSION,
    newId,
    authenticateToken: socketAuth,
    authenticateRequest: async (req) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const source = findToken(req.headers, Object.fromEntries(url.searchParams));
      return source ? socketAuth(source.token) : null;
    },
    onError: (err, context) => logger.error('websocket error', { context, error: String((err as Error)?.message ?? err) }),
  });
  const events = websocketPostEvents(hub);
  ctx.sessionEvents = { revoked: (sessionIds) => hub.closeSessions(sessionIds) };

  // Outgoing webhooks: trigger index, durable outbox, worker.
  const registry = await HookRegistry.load(store);
  // A deactivated user's hooks stop firing, and fire again when the user is reactivated.
  ctx.accountListeners = [{ activeChanged: (userId, active) => registry.creatorActiveChanged(userId, active) }];
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
  }), circuits, ctx.clock, logger);
  const shutdown = new AbortController();
  const metrics = createPrometheusMetrics(store.deliveries, () => ctx.clock.now(), () => circuits.notClosed(ctx.clock.now()).length);
  const deliverDeps: DeliverDeps = { http, registry, random: Math.random, shutdown: shutdown.signal, metrics };
  const deliverNow = (d: Delivery) => deliverSafely(ctx, deliverDeps, d);
  const worker = new DeliveryWorker(ctx, {
    concurrency: DELIVERY_CONCURRENCY, perDestination: DELIVERIES_PER_DESTINATION, circuits,
    deferred: (count) => metrics.deliveriesDeferred(count),
    pollMs: 1000, owner: newId(), deliver: deliverNow, leaseMs: DELIVERY_LEASE_MS,
    // One SQLite file belongs to one process, so leases found at start were left by a killed run.
    releaseLeasesOnStart: driver === 'sqlite',
    paused: () => !config.get().ServiceSettings.EnableOutgoingWebhooks,
  });
  ctx.postCreatedListeners.push(outgoingHookFanOut(ctx, { registry, wake: () => worker.wake() }));
  const hookServices: HookServices = {
    registry,
    newSigningSecret: () => newSigningSecret(randomBytes(32)),
    rotationGraceMs: 24 * 3_600_000,
  };

  const app = buildServer(ctx, {
    routes: [outgoingHookRoutes({ ...hookServices, wake: () => worker.wake(), deliverNow })],
    rootRoutes: [metricsRoute(metrics)],
    log,
    webApp: webRoot === false ? null : webApp(webRoot),
  });
  const routes: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
  });
  hub.attach(app.server);
  // The metrics listener is opened once, at start, when MetricsSettings.Enable is on.
  const metricsServer = settings.MetricsSettings.Enable ? buildMetricsServer(metrics, { newId, log }) : null;
  const metricsAt = parseListenAddress(settings.MetricsSettings.ListenAddress);
  if (metricsServer) await metricsServer.listen({ ...metricsAt, listenTextResolver: (address) => `Metrics listening at ${address}/metrics` });
  const { host, port } = parseListenAddress(settings.ServiceSettings.ListenAddress);
  await app.listen({ host, port });
  await worker.start();
  const stopRetention = startLogRetention(ctx);
  const bound = (app.server.address() as AddressInfo).port;
  const urlOf = (h: string, p: number) => `http://${h === '0.0.0.0' ? 'localhost' : h.includes(':') ? `[${h}]` : h}:${p}`;
  const metricsPort = metricsServer && (metricsServer.server.address() as AddressInfo).port;
  logger.info('Switchboard is listening', {
    address: `${host}:${bound}`, database: driver, ...(metricsPort ? { metrics_address: `${metricsAt.host}:${metricsPort}` } : {}),
  });
  return {
    url: urlOf(host, bound),
    port: bound,
    metricsUrl: metricsPort ? urlOf(metricsAt.host, metricsPort) : undefined,
    ctx,
    routes,
    close: async () => {
      stopRetention();
      shutdown.abort();
      await worker.stop();
      await http.close();
      await hub.close();
      await metricsServer?.close();
      await app.close();
      await store.close();
    },
  };
}
