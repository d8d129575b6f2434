// Lists every HTTP route the server registers, by building a second, never-listening instance
// over the same app context and recording each route as Fastify adds it.
import { buildServer } from '../../src/http/build-server.js';
import type { AppContext } from '../../src/app/context.js';

export interface RouteInfo {
  method: string;
  /** Fastify's pattern, e.g. /api/v4/channels/:channel_id/members */
  url: string;
  params: string[];
}

export async function listRoutes(ctx: AppContext): Promise<RouteInfo[]> {
  const app = buildServer(ctx);
  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue; // Fastify's automatic HEAD twin of every GET
      routes.push({ method, url: r.url, params: [...r.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]) });
    }
  });
  await app.ready();
  await app.close();
  return routes;
}

/** Replaces each :param of a pattern with the given value (or the fallback for that param). */
export function fillPath(url: string, values: Record<string, string>, override: Record<string, string> = {}): string {
  return url.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const v = override[name] ?? values[name];
    if (v === undefined) throw new Error(`no test value for path parameter :${name} in ${url}`);
    return encodeURIComponent(v);
  });
}
