// The websocket endpoint (/api/v4/websocket): sockets authenticate with the app's sessions, by the
// upgrade request's own credentials or the challenge, and the hub follows the event bus for post
// events and revoked sessions. The composition root attaches it to the HTTP server.
import type { AppContext } from '../app/context.js';
import { authenticate } from '../app/sessions.js';
import { findToken } from '../http/authentication.js';
import { WebSocketHub } from '../realtime/websocket-hub.js';
import { followEvents } from '../adapters/websocket-events.js';
import { SERVER_VERSION } from '../version.js';

export function createWebSocketHub(ctx: AppContext): WebSocketHub {
  const socketAuth = async (token: string) => {
    try {
      const who = await authenticate(ctx, token);
      return { userId: who.userId, sessionId: who.sessionId, expiresAt: who.expiresAt };
    } catch {
      return null;
    }
  };
  const hub = new WebSocketHub({
    serverVersion: SERVER_VERSION,
    newId: ctx.newId,
    authenticateToken: socketAuth,
    authenticateRequest: async (req) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const source = findToken(req.headers, Object.fromEntries(url.searchParams));
      return source ? socketAuth(source.token) : null;
    },
    onError: (err, context) => ctx.logger.error('websocket error', { context, error: String((err as Error)?.message ?? err) }),
  });
  followEvents(hub, ctx.events);
  return hub;
}
