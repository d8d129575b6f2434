// The load generator: posts through the HTTP API over keep-alive connections (closed loop for rates,
// open loop at a fixed arrival rate for latencies), receivers that time each request, and a
// websocket listener that times each stored reply as the server broadcasts it.
import { Pool } from 'undici';
import { WebSocket } from 'ws';
import type { ServerResponse } from 'node:http';
import { replyJson, type ReceivedRequest } from '../test/support/receiver.js';

/** Clients posting at once, as in the measurements ("16 clients posting at once"). */
export const CLIENTS = 16;

export const now = () => performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Posts as one user over CLIENTS keep-alive connections. */
export class Poster {
  private readonly pool: Pool;
  failures = 0;
  lastFailure = '';

  constructor(url: string, private readonly token: string, connections = CLIENTS) {
    this.pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  }

  /** Sends one post; resolves true once the server answered 201. */
  async post(channelId: string, message: string): Promise<boolean> {
    try {
      const res = await this.pool.request({
        path: '/api/v4/posts',
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel_id: channelId, message }),
      });
      const text = await res.body.text();
      if (res.statusCode === 201) return true;
      this.failures++;
      this.lastFailure = `${res.statusCode} ${text.slice(0, 200)}`;
    } catch (e) {
      this.failures++;
      this.lastFailure = String((e as Error).message);
    }
    return false;
  }

  close() {
    return this.pool.close();
  }
}

/** Runs job(0..n-1) with `concurrency` of them in flight at once, starting no new one after `deadline`. */
export async function closedLoop(n: number, concurrency: number, job: (i: number) => Promise<unknown>, deadline = Infinity): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < n && now() < deadline) await job(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return next;
}

/**
 * Starts job(i) at a fixed arrival rate for `durationMs`, whether or not earlier jobs have finished
 * (an open loop, so a slow server cannot slow the arrivals down and hide its own latency).
 */
export async function openLoop(ratePerSecond: number, durationMs: number, job: (i: number) => Promise<unknown>): Promise<number> {
  const count = Math.max(1, Math.round((ratePerSecond * durationMs) / 1000));
  const interval = 1000 / ratePerSecond;
  const start = now();
  const running: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = start + i * interval - now();
    if (wait >= 1) await sleep(wait);
    running.push(job(i));
  }
  await Promise.all(running);
  return count;
}

/** Nearest-rank percentile (q in 0..100) of unsorted values; null for none. */
export function percentile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))];
}

export const median = (values: number[]) => percentile(values, 50);

/** The sequence number a bench message ends with ("ping 42" → 42). */
export const seqOf = (text: unknown): number => Number(/(\d+)\s*$/.exec(typeof text === 'string' ? text : '')?.[1] ?? NaN);

/**
 * A hook receiver's answer: notes when the request for post `seq` arrived, and replies
 * `{"text": "pong <seq>"}`, which Switchboard stores as a reply post.
 */
export function timingResponder(arrivals: Map<number, number>) {
  return (req: ReceivedRequest, res: ServerResponse) => {
    const seq = seqOf(req.json?.text ?? req.form.text);
    if (!arrivals.has(seq)) arrivals.set(seq, now());
    replyJson({ text: `pong ${seq}` })(req, res);
  };
}

/** The admin's websocket: notes when each reply post ("pong <seq>") is broadcast, i.e. stored. */
export class ReplyListener {
  readonly stored = new Map<number, number>();
  private constructor(private readonly socket: WebSocket) {}

  static async connect(url: string, token: string): Promise<ReplyListener> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v4/websocket`, { headers: { authorization: `Bearer ${token}` } });
    const listener = new ReplyListener(socket);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no websocket hello within 10 s')), 10_000);
      socket.on('error', reject);
      socket.on('message', (raw) => {
        const text = raw.toString();
        if (text.includes('"hello"')) {
          clearTimeout(timer);
          resolve();
        }
        if (!text.includes('pong ')) return; // user posts and other events: no parse needed
        const msg = JSON.parse(text);
        if (msg.event !== 'posted') return;
        const seq = seqOf(JSON.parse(msg.data.post).message);
        if (Number.isFinite(seq) && !listener.stored.has(seq)) listener.stored.set(seq, now());
      });
    });
    return listener;
  }

  /** Waits until every seq has a stored reply or the deadline passes; returns how many did. */
  async waitFor(seqs: number[], deadline: number): Promise<number> {
    for (;;) {
      const done = seqs.reduce((n, s) => n + (this.stored.has(s) ? 1 : 0), 0);
      if (done === seqs.length || now() >= deadline) return done;
      await sleep(10);
    }
  }

  close() {
    this.socket.terminate();
  }
}

/** Waits until every seq has arrived in `arrivals` or the deadline passes. */
export async function waitForArrivals(arrivals: Map<number, number>, seqs: number[], deadline: number): Promise<number> {
  for (;;) {
    const done = seqs.reduce((n, s) => n + (arrivals.has(s) ? 1 : 0), 0);
    if (done === seqs.length || now() >= deadline) return done;
    await sleep(10);
  }
}
