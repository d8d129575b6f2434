// The undici HttpClient against real receivers on 127.0.0.1: bodies, caps, timeouts, redirects,
// the SSRF guard with live settings, and the per-origin concurrency cap.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { MAX_RESPONSE_BODY_BYTES } from '../../domain/net/http-client.js';
import { startReceiver, type Receiver } from '../../../test/support/loopback-receiver.js';
import { createUndiciHttpClient, type OutgoingConnectionSettings } from './undici-http-client.js';

const live = (allow: string): { settings: OutgoingConnectionSettings } => ({
  settings: { allowedUntrustedInternalConnections: allow, enableInsecureOutgoingConnections: false },
});

const clients: { close(): Promise<void> }[] = [];
function client(allow = '127.0.0.0/8', extra: Partial<Parameters<typeof createUndiciHttpClient>[0]> = {}) {
  const state = live(allow);
  const c = createUndiciHttpClient({ settings: () => state.settings, ...extra });
  clients.push(c);
  return { c, state };
}
const receivers: Receiver[] = [];
async function receiver() {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(receivers.map((r) => r.close()));
});

const req = (over: Partial<{ headers: Record<string, string>; body: string | Uint8Array; timeoutMs: number }> = {}) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Mattermost-Bot/1.1 Switchboard/test' },
  body: 'text=hello',
  timeoutMs: 5000,
  ...over,
});

test('posts the caller\'s headers and body and returns status, headers and body', async () => {
  const r = await receiver();
  const { c } = client();
  const result = await c.post(`${r.origin}/ok`, req());
  assert.equal(result.kind, 'response');
  if (result.kind !== 'response') return;
  assert.equal(result.status, 200);
  assert.equal(result.truncated, false);
  assert.deepEqual(JSON.parse(result.body.toString()), { text: 'hi', got: 'text=hello' });
  assert.equal(result.headers['content-type'], 'application/json');
  assert.equal(result.headers['x-multi'], 'a, b');
  assert.ok(result.durationMs >= 0);
  const seen = r.requests[0];
  assert.equal(seen.headers['user-agent'], 'Mattermost-Bot/1.1 Switchboard/test');
  assert.equal(seen.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(seen.headers['content-length'], '10');
  const bytes = await c.post(`${r.origin}/ok`, req({ body: Buffer.from('{"a":1}'), headers: {} }));
  assert.equal(bytes.kind === 'response' && JSON.parse(bytes.body.toString()).got, '{"a":1}');
  assert.equal(r.requests[1].headers['user-agent'], undefined, 'the client adds no User-Agent of its own');
});

test('an endless reply is read up to 1 MiB, marked truncated, and the connection is dropped', async () => {
  const r = await receiver();
  const { c } = client();
  const result = await c.post(`${r.origin}/endless`, req());
  assert.equal(result.kind, 'response');
  if (result.kind !== 'response') return;
  assert.equal(result.body.length, MAX_RESPONSE_BODY_BYTES);
  assert.equal(result.truncated, true);
  await r.endlessClosed; // the receiver sees the connection go away instead of streaming forever
});

test('a hanging receiver times out after timeoutMs, before or during the body', async () => {
  const r = await receiver();
  const { c } = client();
  for (const path of ['/hang', '/hang-body']) {
    const result = await c.post(`${r.origin}${path}`, req({ timeoutMs: 300 }));
    assert.equal(result.kind, 'error', path);
    if (result.kind !== 'error') continue;
    assert.equal(result.reason, 'timeout', path);
    assert.ok(result.durationMs >= 250 && result.durationMs < 2000, `${path}: ${result.durationMs} ms`);
  }
});

test('a 302 is returned as it is, not followed', async () => {
  const r = await receiver();
  const { c } = client();
  const result = await c.post(`${r.origin}/redirect`, req());
  assert.equal(result.kind === 'response' && result.status, 302);
  assert.equal(result.kind === 'response' && result.headers.location, `${r.origin}/ok`);
  assert.deepEqual(r.requests.map((x) => x.path), ['/redirect']);
});

test('127.0.0.1 is refused without an allow-list entry, and the receiver sees no connection', async () => {
  const r = await receiver();
  const { c } = client('');
  for (const url of [`${r.origin}/ok`, `http://[::ffff:127.0.0.1]:${r.port}/ok`]) {
    const result = await c.post(url, req());
    assert.equal(result.kind === 'error' && result.reason, 'forbidden_address', url);
    assert.match(result.kind === 'error' ? result.message : '', /AllowedUntrustedInternalConnections/);
  }
  assert.equal(r.connections, 0);
});

test('loopback is allowed by a network entry, a host entry for the IP, and a host entry for localhost', async () => {
  const r = await receiver();
  const cases: [string, string][] = [
    ['127.0.0.0/8', `${r.origin}/ok`],
    ['127.0.0.1', `${r.origin}/ok`],
    ['localhost', `http://localhost:${r.port}/ok`],
    ['hooks.internal, 127.0.0.0/8', `http://localhost:${r.port}/ok`],
  ];
  for (const [allow, url] of cases) {
    const result = await client(allow).c.post(url, req());
    assert.equal(result.kind === 'response' && result.status, 200, `${allow} → ${url}: ${JSON.stringify(result)}`);
  }
});

test('a name resolving to a loopback address is refused through resolution when not allow-listed', async () => {
  const r = await receiver();
  const looked: string[] = [];
  const resolve = async (name: string) => {
    looked.push(name);
    return (await lookup(name, { all: true })).map((a) => a.address);
  };
  const { c } = client('127.0.0.1', { resolve }); // the IP is listed, the name is not
  const result = await c.post(`http://localhost:${r.port}/ok`, req());
  assert.equal(result.kind === 'error' && result.reason, 'forbidden_address');
  assert.deepEqual(looked, ['localhost']);
  assert.equal(r.connections, 0);
});

test('the allow-list is read at every call, and pooled connections do not outlive a tightening', async () => {
  const r = await receiver();
  const { c, state } = client('');
  const url = `${r.origin}/ok`;
  assert.equal((await c.post(url, req())).kind, 'error');
  state.settings = live('127.0.0.0/8').settings;
  assert.equal((await c.post(url, req())).kind, 'response');
  state.settings = live('').settings;
  const again = await c.post(url, req());
  assert.equal(again.kind === 'error' && again.reason, 'forbidden_address');
});

test('invalid URLs and refused connections are classified', async () => {
  const { c } = client();
  for (const url of ['nowhere.com/', 'ftp://127.0.0.1/', 'http://', '']) {
    const result = await c.post(url, req());
    assert.equal(result.kind === 'error' && result.reason, 'invalid_url', url);
  }
  const r = await startReceiver();
  await r.close(); // nothing listens on this port any more
  const refused = await c.post(`${r.origin}/ok`, req());
  assert.equal(refused.kind === 'error' && refused.reason, 'connect');
});

test('a caller abort ends the request as reason other', async () => {
  const r = await receiver();
  const { c } = client();
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const result = await c.post(`${r.origin}/hang`, { ...req(), signal: controller.signal });
  assert.equal(result.kind === 'error' && result.reason, 'other');
});

test('the per-origin cap bounds concurrent requests and a busy origin does not hold up another', async () => {
  const slow = await receiver();
  const fast = await receiver();
  const { c } = client('127.0.0.0/8', { maxConcurrentPerOrigin: 3 });
  const started = performance.now();
  const slowOnes = Array.from({ length: 9 }, () => c.post(`${slow.origin}/slow`, req()));
  await new Promise((res) => setTimeout(res, 30));
  const quick = await c.post(`${fast.origin}/ok`, req());
  const quickMs = performance.now() - started;
  const results = await Promise.all(slowOnes);
  assert.ok(results.every((x) => x.kind === 'response' && x.status === 200));
  assert.equal(slow.maxInFlight, 3);
  assert.equal(quick.kind === 'response' && quick.status, 200);
  assert.ok(quickMs < 300, `the other origin waited ${quickMs} ms`);
  assert.ok(performance.now() - started >= 3 * 120 - 20, 'nine requests at three at a time take three rounds');
});

test('headers given as a function are built when the request leaves the per-origin queue', async () => {
  const r = await receiver();
  const { c } = client('127.0.0.0/8', { maxConcurrentPerOrigin: 1 });
  const holder = new AbortController();
  const first = c.post(`${r.origin}/hang`, { ...req(), signal: holder.signal });
  let built = 0;
  const second = c.post(`${r.origin}/ok`, { ...req(), headers: () => ({ 'x-built': String(++built) }) });
  while (r.requests.length < 1) await new Promise((res) => setTimeout(res, 10));
  await new Promise((res) => setImmediate(res));
  assert.equal(built, 0, 'not built while the request waits for the busy origin');
  holder.abort();
  assert.equal((await second).kind, 'response');
  assert.equal(built, 1, 'built once, when it was sent');
  assert.equal(r.requests[1].headers['x-built'], '1');
  assert.equal((await first).kind, 'error');
  // A request that never leaves the queue never builds its headers.
  const hold = new AbortController();
  const busy = c.post(`${r.origin}/hang`, { ...req(), signal: hold.signal });
  const leaving = new AbortController();
  const never = c.post(`${r.origin}/ok`, { ...req(), headers: () => ({ 'x-built': String(++built) }), signal: leaving.signal });
  leaving.abort();
  assert.equal((await never).kind, 'error');
  hold.abort();
  await busy;
  assert.equal(built, 1);
});

