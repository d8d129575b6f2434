// The metrics listener (MetricsSettings.Enable, MetricsSettings.ListenAddress): GET /metrics
// without a login, for Prometheus, on an address that operators keep off the public network.
// It serves nothing else; other paths get the usual 404 AppError.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { routeNotFound, type AppError } from '../domain/errors.js';
import { errorBody, statusOf, toAppError } from './errors.js';
import { serveMetrics, type MetricsSource } from './metrics-route.js';
import { RequestLog } from './request-log.js';

export function buildMetricsServer(metrics: MetricsSource, opts: { newId: () => string; log: FastifyBaseLogger }): FastifyInstance {
  const app = Fastify({ loggerInstance: opts.log, logController: new RequestLog(), genReqId: () => opts.newId(), requestIdHeader: false });
  // As bytes, so the content type stays exactly application/json (Fastify would add a charset).
  const sendError = (req: FastifyRequest, reply: FastifyReply, e: AppError) =>
    reply.code(statusOf(e)).header('X-Request-ID', req.id).type('application/json').send(Buffer.from(JSON.stringify(errorBody(e, req.id))));
  serveMetrics(app, metrics, async () => {});
  app.setNotFoundHandler((req, reply) => sendError(req, reply, routeNotFound()));
  app.setErrorHandler((err, req, reply) => {
    const e = toAppError(err);
    if (statusOf(e) >= 500) req.log.error({ error: String((err as Error)?.message ?? err) }, 'metrics request failed');
    sendError(req, reply, e);
  });
  return app;
}
