// The HttpClient port on undici: keep-alive pools, the SSRF guard at connect time, connect and
// whole-exchange timeouts, no redirects, a 1 MiB reply cap and a per-origin concurrency cap (a guard:
// the delivery worker keeps each destination to its own share before a request gets here).

import { lookup } from 'node:dns/promises';
import { Agent, buildConnector, request } from 'undici';
import {
  MAX_RESPONSE_BODY_BYTES,
  type HttpClient,
  type HttpRequest,
  type HttpResult,
} from '../../domain/net/http-client.js';
import { parseAllowList, type OwnAddresses } from '../../domain/net/ssrf-policy.js';
import { describeError, reasonForError } from './error-reason.js';
import { createGuardedConnector, type Resolve } from './guarded-connector.js';
import { createOriginLimiter } from './origin-limiter.js';
import { readOwnAddresses } from './own-addresses.js';
import { readCappedBody } from './read-capped-body.js';

/** The two ServiceSettings the transport obeys; read at every call because admins change them at run time. */
export interface OutgoingConnectionSettings {
  readonly allowedUntrustedInternalConnections: string;
  readonly enableInsecureOutgoingConnections: boolean;
}

export interface UndiciHttpClientOptions {
  readonly settings: () => OutgoingConnectionSettings;
  /** Requests in flight per origin (scheme, host, port); more wait in FIFO order. Default 8. */
  readonly maxConcurrentPerOrigin?: number;
  /** TCP connect plus TLS handshake, per address (spec §3.6). Default 3000. */
  readonly connectTimeoutMs?: number;
  readonly keepAliveTimeoutMs?: number;
  readonly ownAddresses?: () => OwnAddresses;
  readonly resolve?: Resolve;
}

export const DEFAULT_MAX_CONCURRENT_PER_ORIGIN = 8;
export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;

const resolveAll: Resolve = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

class RequestTimeout extends Error {
  constructor(ms: number) {
    super(`no complete answer within ${ms} ms`);
    this.name = 'RequestTimeout';
  }
}

export function createUndiciHttpClient(options: UndiciHttpClientOptions): HttpClient {
  const perOrigin = options.maxConcurrentPerOrigin ?? DEFAULT_MAX_CONCURRENT_PER_ORIGIN;
  const limiter = createOriginLimiter(perOrigin);
  const ownAddresses = options.ownAddresses ?? (() => readOwnAddresses());
  const resolve = options.resolve ?? resolveAll;

  // One agent per settings value: pooled sockets were vetted under the policy their agent was built
  // with, so a changed allow-list or TLS switch must not reuse them.
  let current: { key: string; agent: Agent } | null = null;
  const retiring = new Set<Promise<void>>();

  const agentFor = (settings: OutgoingConnectionSettings): Agent => {
    const key = `${settings.enableInsecureOutgoingConnections}\n${settings.allowedUntrustedInternalConnections}`;
    if (current?.key === key) return current.agent;
    if (current) {
      const closing: Promise<void> = current.agent.close().catch(() => undefined).then(() => void retiring.delete(closing));
      retiring.add(closing);
    }
    const connect = createGuardedConnector({
      policy: parseAllowList(settings.allowedUntrustedInternalConnections),
      ownAddresses,
      resolve,
      connect: buildConnector({
        timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        rejectUnauthorized: !settings.enableInsecureOutgoingConnections,
      }),
    });
    const agent = new Agent({
      connect,
      connections: perOrigin,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
      // The whole-exchange deadline below replaces undici's separate header and body timers.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    current = { key, agent };
    return agent;
  };

  const post = async (url: string, req: HttpRequest): Promise<HttpResult> => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { kind: 'error', reason: 'invalid_url', message: `not an absolute URL: ${url}`, durationMs: 0 };
    }
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
      return { kind: 'error', reason: 'invalid_url', message: `not an http(s) URL: ${url}`, durationMs: 0 };
    }

    let release: () => void;
    try {
      release = await limiter.acquire(parsed.origin, req.signal);
    } catch (err) {
      return { kind: 'error', reason: 'other', message: `aborted while waiting: ${describeError(err)}`, durationMs: 0 };
    }

    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new RequestTimeout(req.timeoutMs)), req.timeoutMs);
    const signal = req.signal ? AbortSignal.any([deadline.signal, req.signal]) : deadline.signal;
    try {
      const response = await request(parsed, {
        method: 'POST',
        // Built only now that the request has its slot (see HttpRequest.headers).
        headers: typeof req.headers === 'function' ? req.headers() : req.headers,
        body: req.body,
        signal,
        dispatcher: agentFor(options.settings()),
      });
      const { body, truncated } = await readCappedBody(response.body, MAX_RESPONSE_BODY_BYTES);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { kind: 'response', status: response.statusCode, headers, body, truncated, durationMs: elapsed() };
    } catch (err) {
      if (deadline.signal.aborted) {
        return { kind: 'error', reason: 'timeout', message: `timed out after ${req.timeoutMs} ms`, durationMs: elapsed() };
      }
      if (req.signal?.aborted) {
        return { kind: 'error', reason: 'other', message: `aborted: ${describeError(err)}`, durationMs: elapsed() };
      }
      return { kind: 'error', reason: reasonForError(err), message: describeError(err), durationMs: elapsed() };
    } finally {
      clearTimeout(timer);
      release();
    }
  };

  return {
    post,
    async close() {
      const agent = current?.agent;
      current = null;
      await Promise.all([agent?.close(), ...retiring]);
    },
  };
}
