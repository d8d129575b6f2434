// The routes a running test server serves (RunningServer.routes, recorded as Fastify adds them,
// feature modules included), and filling their path parameters.

export interface RouteInfo {
  method: string;
  /** Fastify's pattern, e.g. /api/v4/channels/:channel_id/members */
  url: string;
  params: string[];
}

export function parseRoutes(routes: readonly string[]): RouteInfo[] {
  return routes.map((line) => {
    const [method, url] = line.split(' ');
    return { method, url, params: [...url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]) };
  });
}

/** Replaces each :param of a pattern with the given value (or the fallback for that param). */
export function fillPath(url: string, values: Record<string, string>, override: Record<string, string> = {}): string {
  return url.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const v = override[name] ?? values[name];
    if (v === undefined) throw new Error(`no test value for path parameter :${name} in ${url}`);
    return encodeURIComponent(v);
  });
}
