// A scripted HTTP receiver on 127.0.0.1 for the outgoing HTTP client's tests: it counts connections and
// concurrent requests and offers replies that succeed, hang, redirect, stream forever or go slow.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receiver {
  readonly origin: string;
  readonly port: number;
  readonly requests: { path: string; headers: IncomingMessage['headers']; body: string }[];
  connections: number;
  inFlight: number;
  maxInFlight: number;
  endlessClosed: Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  let markEndlessClosed: () => void = () => {};
  const r = {
    requests: [], connections: 0, inFlight: 0, maxInFlight: 0,
    endlessClosed: new Promise<void>((res) => (markEndlessClosed = res)),
  } as unknown as Receiver & { server: Server };
  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = req.url ?? '/';
    r.requests.push({ path, headers: req.headers, body });
    if (path === '/ok') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
      res.end(JSON.stringify({ text: 'hi', got: body }));
    } else if (path === '/endless') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => { while (!res.destroyed && res.write(chunk)); };
      res.on('drain', pump);
      res.on('close', markEndlessClosed);
      pump();
    } else if (path === '/hang') {
      // never answers
    } else if (path === '/hang-body') {
      res.writeHead(200);
      res.write('partial');
    } else if (path === '/redirect') {
      res.writeHead(302, { location: `${r.origin}/ok` });
      res.end();
    } else if (path === '/slow') {
      r.inFlight++;
      r.maxInFlight = Math.max(r.maxInFlight, r.inFlight);
      setTimeout(() => { r.inFlight--; res.end('slow'); }, 120);
    } else {
      res.writeHead(404);
      res.end();
    }
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', () => r.connections++);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address() as AddressInfo;
  Object.assign(r, {
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((res) => { server.closeAllConnections(); server.close(() => res()); }),
  });
  return r;
}
