// GET /metrics: the Prometheus exposition, outside /api/v4 where scrapers expect it.
import type { RouteModule } from './route-kit.js';

export interface MetricsSource {
  readonly contentType: string;
  render(): Promise<string>;
}

export const metricsRoute = (metrics: MetricsSource): RouteModule => (app) => {
  app.get('/metrics', async (_req, reply) => {
    reply.type(metrics.contentType);
    return metrics.render();
  });
};
