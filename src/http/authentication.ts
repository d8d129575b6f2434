// Finds the caller's login token (cookie, Authorization header, query) and enforces the CSRF
// rule for cookie-authenticated browsers (api-v4-compat §2.2-§2.4).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sessionExpired } from '../domain/errors.js';

export interface TokenSource {
  token: string;
  fromCookie: boolean;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      out[name] = part.slice(eq + 1).trim();
    }
  }
  return out;
}

export function findToken(headers: IncomingHttpHeaders, query: Record<string, unknown> | undefined): TokenSource | null {
  const cookie = parseCookies(headers.cookie).MMAUTHTOKEN;
  if (cookie) return { token: cookie, fromCookie: true };
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    if (auth.length > 6 && auth.slice(0, 6).toUpperCase() === 'BEARER') return { token: auth.slice(7).trim(), fromCookie: false };
    if (auth.length > 5 && auth.slice(0, 5).toLowerCase() === 'token') return { token: auth.slice(6).trim(), fromCookie: false };
  }
  const q = query?.access_token;
  if (typeof q === 'string' && q) return { token: q, fromCookie: false };
  return null;
}

export const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Throws 401 when a cookie-authenticated, state-changing request fails the CSRF rule. */
export function checkCsrf(method: string, headers: IncomingHttpHeaders, source: TokenSource, sessionCsrf: string, strict: boolean) {
  if (!source.fromCookie || method === 'GET' || method === 'HEAD') return;
  const sent = headers['x-csrf-token'];
  if (typeof sent === 'string' && safeEqual(sent, sessionCsrf)) return;
  if (!strict && headers['x-requested-with'] === 'XMLHttpRequest') return;
  throw sessionExpired();
}
