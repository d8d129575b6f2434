// The /api/v4/websocket endpoint (api-v4-compat §8): accepts sockets on an http.Server, authenticates
// them, answers client requests and fans events out to users' connections with per-socket numbering.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { routeNotFound } from '../domain/errors.js';
import { routeRequest } from './action-router.js';
import { fullBroadcast, deliversTo, type Broadcast } from './broadcast.js';
import type { SocketAuth } from './socket-auth.js';
import { SocketConnection } from './socket-connection.js';
import { okResponse, parseRequest, serialiseBroadcast } from './socket-frames.js';
import { isWebSocketPath, rejectUpgrade, sameOriginOrNone } from './upgrade-request.js';

export type { Broadcast } from './broadcast.js';
export type { SocketAuth } from './socket-auth.js';

export interface WebSocketHubOptions {
  serverVersion: string;
  /** Validates a login token (from the challenge) → user, or null. */
  authenticateToken(token: string): Promise<SocketAuth | null>;
  /** Validates the upgrade request's own credentials (MMAUTHTOKEN cookie, Authorization Bearer/Token header, access_token query) → user or null. */
  authenticateRequest(req: IncomingMessage): Promise<SocketAuth | null>;
  newId: () => string;
  authTimeoutMs?: number; // default 5000
  pingIntervalMs?: number; // protocol ping frames, default 60000
  /** Sockets silent (no pong, no message) for this long are dropped; default 100000. */
  pongTimeoutMs?: number;
  /** Browser Origin policy; default: no Origin (non-browser clients) or the request's own host. */
  allowOrigin?(origin: string | undefined, req: IncomingMessage): boolean;
  /** Where unexpected failures go; they never escape to the process. Default: console.error. */
  onError?(err: unknown, context: string): void;
  now?: () => number;
}

// Client requests are a few hundred bytes; Mattermost caps reads at 8 KiB. A larger cap leaves room for
// get_statuses_by_ids with many ids without letting a client make the server buffer megabytes.
const MAX_FRAME_BYTES = 64 * 1024;
// Requests waiting behind a slow authentication; a client that floods beyond this is not a real client.
const MAX_PENDING_REQUESTS = 100;
const CLOSE_GRACE_MS = 1000;
const CLOSE_POLICY = 1008;
const CLOSE_GOING_AWAY = 1001;

export class WebSocketHub {
  private readonly opts: WebSocketHubOptions;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, clientTracking: false });
  private readonly connections = new Set<SocketConnection>();
  private readonly byUser = new Map<string, Set<SocketConnection>>();
  private readonly attached: Array<{ server: Server; listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void }> = [];
  private readonly now: () => number;
  private keepAlive: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;

  constructor(opts: WebSocketHubOptions) {
    this.opts = opts;
    this.now = opts.now ?? Date.now;
    this.wss.on('error', (err) => this.report(err, 'websocket server'));
  }

  /** Attaches to an http.Server 'upgrade' event for /api/v4/websocket and /api/v4/websocket/ ; other paths get a 404 unless another upgrade listener exists. */
  attach(server: Server): void {
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      try {
        this.onUpgrade(server, req, socket, head);
      } catch (err) {
        this.report(err, 'upgrade');
        socket.destroy();
      }
    };
    server.on('upgrade', listener);
    this.attached.push({ server, listener });
    this.startKeepAlive();
  }

  /** Sends an event to every authenticated connection of the given users (each socket numbers its own events). */
  sendToUsers(userIds: Iterable<string>, event: string, data: Record<string, unknown>, broadcast: Partial<Broadcast>): void {
    try {
      const b = fullBroadcast(broadcast);
      const dataJson = JSON.stringify(data);
      const broadcastJson = serialiseBroadcast(b);
      for (const userId of new Set(userIds)) {
        const conns = this.byUser.get(userId);
        if (!conns) continue;
        for (const conn of conns) {
          if (deliversTo(b, userId, conn.id)) conn.sendEvent(event, dataJson, broadcastJson);
        }
      }
    } catch (err) {
      // A bad payload (e.g. a cycle or BigInt in data) must not break the caller's request.
      this.report(err, `sendToUsers ${event}`);
    }
  }

  /** Closes the sockets opened with any of these sessions, which have been revoked. */
  closeSessions(sessionIds: Iterable<string>): void {
    const revoked = new Set(sessionIds);
    if (revoked.size === 0) return;
    for (const conn of this.connections) {
      if (conn.auth && revoked.has(conn.auth.sessionId)) conn.close(CLOSE_POLICY, 'session revoked');
    }
  }

  /** Closes every socket (server shutdown); resolves when closed. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = null;
    for (const { server, listener } of this.attached) server.off('upgrade', listener);
    this.attached.length = 0;
    this.closing = Promise.all([...this.connections].map((c) => this.closeAndWait(c))).then(
      () => new Promise<void>((resolve) => this.wss.close(() => resolve())),
    );
    return this.closing;
  }

  /** Open sockets, authenticated or still waiting for a challenge. */
  connectionCount(): number {
    return this.connections.size;
  }

  private onUpgrade(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!isWebSocketPath(req.url)) {
      // Another listener (a dev-server proxy, a future endpoint) may own other paths; only refuse them
      // when nobody else will answer, since Node leaves an unanswered upgrade socket hanging.
      if (server.listenerCount('upgrade') <= 1) rejectUpgrade(socket, 404, appErrorBody(routeNotFound(), 404));
      return;
    }
    if (this.closing) {
      socket.destroy();
      return;
    }
    const allow = this.opts.allowOrigin ?? sameOriginOrNone;
    if (!allow(req.headers.origin, req)) {
      rejectUpgrade(socket, 403, {
        id: 'api.web_socket.connect.upgrade.app_error',
        message: 'Origin not allowed.',
        detailed_error: '',
        status_code: 403,
      });
      return;
    }
    const onEarlyError = () => socket.destroy();
    socket.on('error', onEarlyError);
    void this.authenticateUpgrade(req).then((auth) => {
      socket.off('error', onEarlyError);
      if (socket.destroyed) return;
      if (this.closing) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, auth));
    }).catch((err) => {
      this.report(err, 'upgrade');
      socket.destroy();
    });
  }

  private async authenticateUpgrade(req: IncomingMessage): Promise<SocketAuth | null> {
    try {
      return await this.opts.authenticateRequest(req);
    } catch (err) {
      // Bad upgrade credentials are not fatal in Mattermost: the socket can still send a challenge.
      this.report(err, 'authenticateRequest');
      return null;
    }
  }

  private onConnection(ws: WebSocket, auth: SocketAuth | null): void {
    if (this.closing) {
      ws.terminate();
      return;
    }
    const conn = new SocketConnection(ws, this.opts.newId(), this.now());
    this.connections.add(conn);
    ws.on('error', (err) => {
      this.report(err, 'socket');
      conn.terminate();
    });
    ws.on('close', () => this.forget(conn));
    ws.on('pong', () => {
      conn.lastSeenAt = this.now();
    });
    ws.on('message', (data, isBinary) => this.onFrame(conn, data, isBinary));

    if (auth) {
      this.authenticate(conn, auth);
    } else {
      conn.authTimer = setTimeout(() => {
        if (!conn.authenticated) conn.close(CLOSE_POLICY, 'authentication timeout');
      }, this.opts.authTimeoutMs ?? 5000);
      conn.authTimer.unref();
    }
  }

  private onFrame(conn: SocketConnection, data: RawData, isBinary: boolean): void {
    conn.lastSeenAt = this.now();
    // The protocol is JSON in text frames; Mattermost's binary frames are MessagePack, which we do not speak.
    if (isBinary) return;
    if (conn.pending >= MAX_PENDING_REQUESTS) {
      conn.terminate();
      return;
    }
    const text = rawText(data);
    conn.pending++;
    conn.queue = conn.queue
      .then(() => this.handleText(conn, text))
      .catch((err) => this.report(err, 'request'))
      .finally(() => {
        conn.pending--;
      });
  }

  private async handleText(conn: SocketConnection, text: string): Promise<void> {
    if (!conn.isOpen()) return;
    const req = parseRequest(text);
    // Without a parsed seq there is nothing to reply to; Mattermost likewise drops undecodable frames.
    if (!req) return;
    const outcome = routeRequest(req, {
      authenticated: conn.authenticated,
      serverVersion: this.opts.serverVersion,
      now: this.now,
    });
    if (outcome.kind === 'reply') conn.sendResponse(outcome.response);
    if (outcome.kind !== 'challenge') return;

    let auth: SocketAuth | null = null;
    if (outcome.token !== null) {
      try {
        auth = await this.opts.authenticateToken(outcome.token);
      } catch (err) {
        this.report(err, 'authenticateToken');
      }
    }
    if (!conn.isOpen() || conn.authenticated) return;
    if (!auth) {
      conn.close(CLOSE_POLICY, 'invalid token');
      return;
    }
    conn.sendResponse(okResponse(outcome.seq));
    this.authenticate(conn, auth);
  }

  /** Registers the connection for its user and sends hello in the same tick, so hello is always seq 0. */
  private authenticate(conn: SocketConnection, auth: SocketAuth): void {
    conn.clearAuthTimer();
    conn.auth = auth;
    let conns = this.byUser.get(auth.userId);
    if (!conns) this.byUser.set(auth.userId, (conns = new Set()));
    conns.add(conn);
    const hello = { server_version: this.opts.serverVersion, connection_id: conn.id };
    conn.sendEvent('hello', JSON.stringify(hello), serialiseBroadcast(fullBroadcast({ user_id: auth.userId })));
  }

  private forget(conn: SocketConnection): void {
    conn.clearAuthTimer();
    this.connections.delete(conn);
    if (!conn.auth) return;
    const conns = this.byUser.get(conn.auth.userId);
    conns?.delete(conn);
    if (conns && conns.size === 0) this.byUser.delete(conn.auth.userId);
  }

  private startKeepAlive(): void {
    if (this.keepAlive || this.closing) return;
    const timeout = this.opts.pongTimeoutMs ?? 100_000;
    this.keepAlive = setInterval(() => {
      const now = this.now();
      for (const conn of this.connections) {
        try {
          if (now - conn.lastSeenAt > timeout) conn.terminate();
          // A socket authenticates once; without this it would outlive its session indefinitely.
          else if (conn.auth?.expiresAt !== undefined && now >= conn.auth.expiresAt) conn.close(CLOSE_POLICY, 'session expired');
          else if (conn.isOpen()) conn.ws.ping();
        } catch (err) {
          this.report(err, 'keep-alive');
        }
      }
    }, this.opts.pingIntervalMs ?? 60_000);
    this.keepAlive.unref();
  }

  private closeAndWait(conn: SocketConnection): Promise<void> {
    return new Promise<void>((resolve) => {
      if (conn.ws.readyState === conn.ws.CLOSED) {
        this.forget(conn);
        resolve();
        return;
      }
      // A peer that never answers the close frame is cut off rather than holding shutdown up.
      const force = setTimeout(() => conn.terminate(), CLOSE_GRACE_MS);
      conn.ws.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      conn.close(CLOSE_GOING_AWAY, 'server shutting down');
    });
  }

  private report(err: unknown, context: string): void {
    try {
      (this.opts.onError ?? defaultOnError)(err, context);
    } catch {
      // A failing logger must not turn into an uncaught exception either.
    }
  }
}

const defaultOnError = (err: unknown, context: string) => console.error(`[realtime] ${context}:`, err);

const appErrorBody = (err: { id: string; message: string; detailedError: string }, status: number) => ({
  id: err.id,
  message: err.message,
  detailed_error: err.detailedError,
  status_code: status,
});

const rawText = (data: RawData): string => {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
};
