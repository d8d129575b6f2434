// What every api4 route module receives: the app context and the caller resolver.
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

export type RouteModule = (app: FastifyInstance, kit: RouteKit) => void;

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
