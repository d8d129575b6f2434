// GET /metrics: the Prometheus exposition. On the main port it is for system admins only (the
// numbers describe the whole installation); scrapers use the metrics listener instead
// (metrics-server.ts), which serves it without a login on an address of its own.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RoutePlugin } from './route-kit.js';
import { callerIsAdmin } from '../app/permissions.js';
import { permissionDenied } from '../domain/errors.js';

export interface MetricsSource {
  readonly contentType: string;
  render(): Promise<string>;
}

/** Registers GET /metrics; `guard` throws for callers who may not read it. */
export function serveMetrics(app: FastifyInstance, metrics: MetricsSource, guard: (req: FastifyRequest) => Promise<void>) {
  app.get('/metrics', async (req, reply) => {
    await guard(req);
    reply.type(metrics.contentType);
    return metrics.render();
  });
}

/** GET /metrics on the main port: 401 without a login, 403 for anyone but a system admin. */
export const metricsRoute = (metrics: MetricsSource): RoutePlugin => async (app, { kit: { caller } }) => {
  serveMetrics(app, metrics, async (req) => {
    if (!callerIsAdmin(await caller(req))) throw permissionDenied();
  });
};
