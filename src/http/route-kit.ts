// What every group of routes receives: the app context and the caller resolver. A group of routes is
// a Fastify plugin, so it runs in a scope of its own: a feature can bring its own body parsers there
// without touching the API's JSON rules (build-server.ts).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { authenticate, type Authenticated } from '../app/sessions.js';
import { sessionExpired } from '../domain/errors.js';
import { checkCsrf, findToken } from './authentication.js';

export interface RouteKit {
  ctx: AppContext;
  /** The authenticated caller, or 401. */
  caller(req: FastifyRequest): Promise<Authenticated>;
  /** The caller when a valid token is present, else null (never 401). */
  optionalCaller(req: FastifyRequest): Promise<Authenticated | null>;
}

export interface RouteKitOptions {
  kit: RouteKit;
}

/** Registered with `app.register(plugin, { kit })`, under /api/v4 or at the root. */
export type RoutePlugin = FastifyPluginAsync<RouteKitOptions>;

export function makeRouteKit(ctx: AppContext): RouteKit {
  const caller = async (req: FastifyRequest) => {
    const source = findToken(req.headers, req.query as Record<string, unknown>);
    if (!source) throw sessionExpired();
    const who = await authenticate(ctx, source.token);
    checkCsrf(req.method, req.headers, source, who.csrfToken, ctx.config.get().ServiceSettings.ExperimentalStrictCSRFEnforcement);
    return who;
  };
  return {
    ctx,
    caller,
    optionalCaller: async (req) => {
      if (!findToken(req.headers, req.query as Record<string, unknown>)) return null;
      try {
        return await caller(req);
      } catch {
        return null;
      }
    },
  };
}
