// Drives the official @mattermost/client WebSocketClient against a test server in Node 20, which
// has no global WebSocket or CloseEvent: both are supplied here before any client is made.
import { WebSocket } from 'ws';
import pkg from '@mattermost/client';
import { installNodeWebSocketGlobals } from './hub-test-harness.js';

const { WebSocketClient } = pkg;
installNodeWebSocketGlobals();

export type SocketEvent = { event: string; data: Record<string, any>; broadcast: Record<string, any>; seq: number };

/** Polls until `cond` holds; the timeout is generous because it only bounds a hang, never a measurement. */
export async function until(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface OfficialSocket {
  client: InstanceType<typeof WebSocketClient>;
  events: SocketEvent[];
  counts: { closes: number; reconnects: number; missed: number };
  /** Waits for the first event (after any already seen) matching `pred`, and returns it. */
  waitFor(pred: (e: SocketEvent) => boolean, what: string): Promise<SocketEvent>;
  close(): void;
}

/** Connects the official client with a login token and waits for its `hello`. */
export async function connectOfficial(baseUrl: string, token: string, opts: { pingMs?: number } = {}): Promise<OfficialSocket> {
  const client = new WebSocketClient({
    newWebSocketFn: ((url: string) => new WebSocket(url)) as never,
    clientPingInterval: opts.pingMs ?? 30_000,
    minWebSocketRetryTime: 50,
    reconnectJitterRange: 0,
  });
  const events: SocketEvent[] = [];
  const counts = { closes: 0, reconnects: 0, missed: 0 };
  client.addMessageListener((msg) => events.push(msg as unknown as SocketEvent));
  client.addCloseListener(() => counts.closes++);
  client.addReconnectListener(() => counts.reconnects++);
  client.addMissedMessageListener(() => counts.missed++);
  const silence = console.log;
  console.log = () => {}; // the client narrates every connect
  try {
    client.initialize(`${baseUrl.replace(/^http/, 'ws')}/api/v4/websocket`, token);
    await until(() => events.some((e) => e.event === 'hello'), 'hello');
  } finally {
    console.log = silence;
  }
  const socket: OfficialSocket = {
    client,
    events,
    counts,
    async waitFor(pred, what) {
      await until(() => events.some(pred), what);
      return events.find(pred)!;
    },
    close: () => {
      const log = console.log;
      console.log = () => {};
      try {
        client.close();
      } finally {
        console.log = log;
      }
    },
  };
  return socket;
}
