// /api/v4/system and /api/v4/config: health, the admin configuration and the client configuration.
import type { RouteModule } from '../route-kit.js';
import { clientConfig, patchConfig, readConfig, replaceConfig } from '../../app/system.js';

const NO_CACHE = 'no-cache, no-store, must-revalidate';

export const systemRoutes: RouteModule = (app, { ctx, caller, optionalCaller }) => {
  app.get('/system/ping', async () => ({ status: 'OK' }));

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
