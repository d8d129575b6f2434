// HTTP-level checks on an upgrade request before it becomes a socket: the path, the Origin, and the
// plain-HTTP refusal written when the upgrade is not accepted.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

export const WEBSOCKET_PATHS: ReadonlySet<string> = new Set(['/api/v4/websocket', '/api/v4/websocket/']);

export function isWebSocketPath(rawUrl: string | undefined): boolean {
  if (!rawUrl) return false;
  try {
    return WEBSOCKET_PATHS.has(new URL(rawUrl, 'http://localhost').pathname);
  } catch {
    return false;
  }
}

/**
 * Default Origin policy. Node clients send no Origin and are allowed. A browser always sends one, and with
 * cookie authentication any page could otherwise open a socket as the signed-in user (cross-site WebSocket
 * hijacking), so a browser origin must be the server's own host unless the caller configures otherwise.
 */
export function sameOriginOrNone(origin: string | undefined, req: IncomingMessage): boolean {
  if (origin === undefined || origin === '') return true;
  const host = req.headers.host;
  if (!host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/** Answers the upgrade request with a plain HTTP error and closes the socket, as `ws` does for bad handshakes. */
export function rejectUpgrade(socket: Duplex, status: number, body: Record<string, unknown>): void {
  if (socket.destroyed) return;
  const text = JSON.stringify(body);
  try {
    socket.once('finish', () => socket.destroy());
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        'Connection: close\r\n' +
        'Content-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n` +
        text,
    );
  } catch {
    socket.destroy();
  }
}
