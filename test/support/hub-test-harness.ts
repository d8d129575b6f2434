// Test support for the realtime tests: a hub on a loopback http.Server with an in-memory token table,
// and a frame reader for raw `ws` clients. Not used by production code.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { newId } from '../../src/adapters/ids.js';
import { WebSocketHub, type SocketAuth, type WebSocketHubOptions } from '../../src/realtime/websocket-hub.js';

/**
 * The official WebSocketClient reads WebSocket.OPEN from the global even when given newWebSocketFn,
 * and builds a CloseEvent on a sequence mismatch; Node 20 has neither. Without CloseEvent a mismatch
 * would surface as a crash instead of the reconnect tests are meant to catch.
 */
export function installNodeWebSocketGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  g.WebSocket ??= WebSocket;
  g.CloseEvent ??= class CloseEvent extends Event {
    readonly code: number;
    constructor(type: string, init: { code?: number } = {}) {
      super(type);
      this.code = init.code ?? 0;
    }
  };
}

export const TOKENS: ReadonlyMap<string, SocketAuth> = new Map([
  ['tok-alice', { userId: 'alice', sessionId: 'session-alice' }],
  ['tok-alice-2', { userId: 'alice', sessionId: 'session-alice-2' }],
  ['tok-bob', { userId: 'bob', sessionId: 'session-bob' }],
]);

/** The test's stand-in for the session layer's REST token lookup (api-v4-compat §2.2). */
function tokenFromRequest(req: IncomingMessage): string | null {
  const cookie = /(?:^|;\s*)MMAUTHTOKEN=([^;]+)/.exec(req.headers.cookie ?? '');
  if (cookie) return cookie[1];
  const header = req.headers.authorization ?? '';
  if (header.slice(0, 6).toUpperCase() === 'BEARER') return header.slice(7);
  if (header.slice(0, 5).toLowerCase() === 'token') return header.slice(6);
  return new URL(req.url ?? '/', 'http://x').searchParams.get('access_token');
}

export interface HubFixture {
  hub: WebSocketHub;
  server: Server;
  url: string;
  port: number;
  errors: Array<{ err: unknown; context: string }>;
  stop(): Promise<void>;
}

export async function startHub(overrides: Partial<WebSocketHubOptions> = {}): Promise<HubFixture> {
  const server = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  const errors: HubFixture['errors'] = [];
  const hub = new WebSocketHub({
    serverVersion: '10.0.0-switchboard-test',
    authenticateToken: async (token) => TOKENS.get(token) ?? null,
    authenticateRequest: async (req) => {
      const token = tokenFromRequest(req);
      return token ? (TOKENS.get(token) ?? null) : null;
    },
    newId,
    authTimeoutMs: 300,
    onError: (err, context) => errors.push({ err, context }),
    ...overrides,
  });
  hub.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    hub,
    server,
    port,
    url: `ws://127.0.0.1:${port}/api/v4/websocket`,
    errors,
    async stop() {
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Frame = Record<string, any>;

/** Queues every frame a raw client receives, so tests can await them in order. */
export class FrameReader {
  readonly ws: WebSocket;
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly frames: Frame[] = [];
  private waiter: (() => void) | null = null;
  private isClosed = false;

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)));
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.isClosed = true;
        this.waiter?.();
        resolve({ code, reason: String(reason) });
      });
    });
    ws.on('error', () => {
      // Surfaced through `closed` or the open promise.
    });
  }

  static async open(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<FrameReader> {
    const ws = new WebSocket(url, options);
    const reader = new FrameReader(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return reader;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  async next(timeoutMs = 2000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (this.isClosed) throw new Error('socket closed while waiting for a frame');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a frame');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = null;
    }
    return this.frames.shift()!;
  }

  /** Resolves true if no frame arrives within the window. */
  async silentFor(ms: number): Promise<boolean> {
    await new Promise((r) => setTimeout(r, ms));
    return this.frames.length === 0;
  }

  /** Opens, authenticates by challenge and returns the hello event. */
  static async authenticated(url: string, token: string): Promise<{ reader: FrameReader; hello: Frame }> {
    const reader = await FrameReader.open(url);
    reader.send({ action: 'authentication_challenge', seq: 1, data: { token } });
    const frames = [await reader.next(), await reader.next()];
    const hello = frames.find((f) => f.event === 'hello');
    if (!hello) throw new Error(`no hello in ${JSON.stringify(frames)}`);
    return { reader, hello };
  }

  close(): void {
    this.ws.terminate();
  }
}
