// The composition root: config -> store -> app context (whole, with its event bus) -> websocket hub
// -> features -> HTTP server. main.ts and the end-to-end tests both start Switchboard through here.
import type { AddressInfo } from 'node:net';
import type { ConfigService } from './config/config-service.js';
import { DEFAULT_SQLITE_DATA_SOURCE } from './config/schema.js';
import { openDatabase } from './store/database.js';
import { createSqlStore } from './store/sql/sql-store.js';
import { buildServer } from './http/build-server.js';
import { newId } from './adapters/ids.js';
import { systemClock } from './app/ports/clock.js';
import { appLogger, silentLog, type Pino } from './adapters/logger.js';
import { createInProcessEventBus } from './adapters/in-process-event-bus.js';
import { PostTriggerList } from './app/post-triggers.js';
import type { AppContext } from './app/context.js';
import { createWebSocketHub } from './features/websocket.js';
import { createOutgoingHooks } from './features/outgoing-hooks.js';
import { metricsRoute } from './http/metrics-route.js';
import { buildMetricsServer } from './http/metrics-server.js';
import { webApp } from './http/web-app.js';

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

  // The app context, whole: nothing is added to it later. The hub and the features follow its event
  // bus; a feature's work in a new post's transaction joins its post triggers.
  const events = createInProcessEventBus(logger);
  const postTriggers = new PostTriggerList();
  const ctx: AppContext = { store, config, clock: systemClock, newId, logger, events, postTriggers };
  const stopConfigEvents = config.onChange((next, previous) => events.publish('config.changed', { config: next, previous }));
  const hub = createWebSocketHub(ctx);
  // One SQLite file belongs to one process, so leases found at start were left by a killed run.
  const outgoingHooks = await createOutgoingHooks(ctx, { releaseLeasesOnStart: driver === 'sqlite' });
  postTriggers.add(outgoingHooks.postTrigger);

  const app = buildServer(ctx, {
    routes: [outgoingHooks.routes],
    rootRoutes: [metricsRoute(outgoingHooks.metrics)],
    log,
    webApp: webRoot === false ? null : webApp(webRoot),
  });
  const routes: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
  });
  hub.attach(app.server);
  // The metrics listener is opened once, at start, when MetricsSettings.Enable is on.
  const metricsServer = settings.MetricsSettings.Enable ? buildMetricsServer(outgoingHooks.metrics, { newId, log }) : null;
  const metricsAt = parseListenAddress(settings.MetricsSettings.ListenAddress);
  if (metricsServer) await metricsServer.listen({ ...metricsAt, listenTextResolver: (address) => `Metrics listening at ${address}/metrics` });
  const { host, port } = parseListenAddress(settings.ServiceSettings.ListenAddress);
  await app.listen({ host, port });
  await outgoingHooks.start();
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
      await outgoingHooks.close();
      await hub.close();
      await metricsServer?.close();
      await app.close();
      stopConfigEvents();
      await store.close();
    },
  };
}
