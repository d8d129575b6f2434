// One client socket: its identity, authentication state and the event counter the client checks (§8.4).
import { WebSocket } from 'ws';
import type { SocketAuth } from './socket-auth.js';
import { eventFrame, type SocketResponse } from './socket-frames.js';

// A client that stops reading must not make the server buffer without bound; Mattermost drops such
// connections too (its per-connection send queue is bounded).
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export class SocketConnection {
  readonly id: string;
  auth: SocketAuth | null = null;
  /** Last time any frame (message or pong) arrived; the keep-alive sweep drops silent sockets. */
  lastSeenAt: number;
  /** Requests are handled one at a time so an auth challenge completes before the next request is routed. */
  pending = 0;
  queue: Promise<void> = Promise.resolve();
  authTimer: NodeJS.Timeout | null = null;
  private nextSeq = 0;

  constructor(
    readonly ws: WebSocket,
    id: string,
    now: number,
  ) {
    this.id = id;
    this.lastSeenAt = now;
  }

  get authenticated(): boolean {
    return this.auth !== null;
  }

  get userId(): string {
    return this.auth?.userId ?? '';
  }

  isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Numbers the event only when it is actually written, so the client never sees a gap. */
  sendEvent(event: string, dataJson: string, broadcastJson: string): void {
    if (!this.isOpen()) return;
    this.write(eventFrame(event, dataJson, broadcastJson, this.nextSeq));
    this.nextSeq++;
  }

  sendResponse(response: SocketResponse): void {
    if (!this.isOpen()) return;
    this.write(JSON.stringify(response));
  }

  close(code: number, reason: string): void {
    this.clearAuthTimer();
    try {
      if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  terminate(): void {
    this.clearAuthTimer();
    this.ws.terminate();
  }

  clearAuthTimer(): void {
    if (this.authTimer) clearTimeout(this.authTimer);
    this.authTimer = null;
  }

  private write(text: string): void {
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.terminate();
      return;
    }
    this.ws.send(text, (err) => {
      if (err) this.ws.terminate();
    });
  }
}
