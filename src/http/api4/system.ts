// /api/v4/system and /api/v4/config: health, the admin configuration and the client configuration.
import type { RoutePlugin } from '../route-kit.js';
import { clientConfig, patchConfig, readConfig, replaceConfig } from '../../app/system.js';
import { databaseStatus } from '../../app/health.js';
import { queryFlag } from '../request-input.js';

const NO_CACHE = 'no-cache, no-store, must-revalidate';

export const systemRoutes: RoutePlugin = async (app, { kit: { ctx, caller, optionalCaller } }) => {
  // Liveness without a query; readiness with get_server_status=true, which asks the database.
  // Unhealthy is a 500 with the same body, unless use_rest_semantics=true (Client4 always sends it).
  app.get('/system/ping', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    if (!queryFlag(q, 'get_server_status')) return { status: 'OK' };
    const database = await databaseStatus(ctx);
    if (database !== 'OK' && !queryFlag(q, 'use_rest_semantics')) reply.code(500);
    return { status: database, database_status: database };
  });

  app.get('/config', async (req, reply) => {
    const who = await caller(req);
    reply.header('Cache-Control', NO_CACHE);
    return readConfig(ctx, who);
  });

  app.put('/config', async (req, reply) => {
    const who = await caller(req);
    reply.header('Cache-Control', NO_CACHE);
    return replaceConfig(ctx, who, req.body);
  });

  app.put('/config/patch', async (req, reply) => {
    const who = await caller(req);
    reply.header('Cache-Control', NO_CACHE);
    return patchConfig(ctx, who, req.body);
  });

  app.get('/config/client', async (req, reply) => {
    reply.header('Cache-Control', NO_CACHE);
    const { format } = req.query as { format?: string };
    return clientConfig(ctx, await optionalCaller(req), format);
  });
};
