// One websocket per logged-in tab, through Mattermost's own WebSocketClient (authentication by the
// login cookie, reconnection with back-off). Pages subscribe to its events while they are shown.
import { WebSocketClient } from '@mattermost/client';

export interface SocketEvent {
  event: string;
  data: Record<string, unknown>;
  broadcast: { channel_id?: string; user_id?: string; team_id?: string };
}

type Listener = (e: SocketEvent) => void;

let socket: WebSocketClient | null = null;
const listeners = new Set<Listener>();
const reconnectListeners = new Set<() => void>();

export function connectSocket() {
  if (socket) return;
  socket = new WebSocketClient();
  socket.addMessageListener((msg) => {
    for (const l of listeners) l(msg as unknown as SocketEvent);
  });
  socket.addReconnectListener(() => {
    for (const l of reconnectListeners) l();
  });
  const { protocol, host } = window.location;
  socket.initialize(`${protocol === 'https:' ? 'wss' : 'ws'}://${host}/api/v4/websocket`);
}

export function disconnectSocket() {
  socket?.close();
  socket = null;
}

/** Calls `listener` for every event until the returned function is called. */
export function onSocketEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Calls `listener` after each reconnection (events may have been missed: reload what is shown). */
export function onSocketReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}
