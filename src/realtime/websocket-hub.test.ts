// Frame-level tests of the /api/v4/websocket endpoint with a raw `ws` client (api-v4-compat §8, §9.23-26).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { FrameReader, startHub, type HubFixture } from '../../test/support/hub-test-harness.js';

const ID = /^[a-z0-9]{26}$/;

async function withHub(fn: (f: HubFixture) => Promise<void>, overrides = {}): Promise<void> {
  const f = await startHub(overrides);
  try {
    await fn(f);
    assert.deepEqual(f.errors, []);
  } finally {
    await f.stop();
  }
}

test('challenge: OK reply with seq_reply 1, then hello at seq 0 with a full broadcast', () =>
  withHub(async ({ url }) => {
    const reader = await FrameReader.open(url);
    reader.send({ action: 'authentication_challenge', seq: 1, data: { token: 'tok-alice' } });
    const frames = [await reader.next(), await reader.next()];
    const reply = frames.find((f) => 'seq_reply' in f);
    const hello = frames.find((f) => f.event === 'hello');
    assert.deepEqual(reply, { status: 'OK', seq_reply: 1 });
    assert.ok(hello);
    assert.match(hello.data.connection_id, ID);
    assert.deepEqual(hello, {
      event: 'hello',
      data: { server_version: '10.0.0-switchboard-test', connection_id: hello.data.connection_id },
      broadcast: { omit_users: null, user_id: 'alice', channel_id: '', team_id: '', connection_id: '', omit_connection_id: '' },
      seq: 0,
    });
    reader.close();
  }));

test('ping answers pong with version, server time and empty node id; responses carry no seq or event', () =>
  withHub(async ({ url }) => {
    const { reader } = await FrameReader.authenticated(url, 'tok-alice');
    const before = Date.now();
    reader.send({ action: 'ping', seq: 2 });
    const pong = await reader.next();
    assert.equal(pong.status, 'OK');
    assert.equal(pong.seq_reply, 2);
    assert.equal('seq' in pong, false);
    assert.equal('event' in pong, false);
    assert.equal(pong.data.text, 'pong');
    assert.equal(pong.data.version, '10.0.0-switchboard-test');
    assert.equal(pong.data.node_id, '');
    assert.ok(pong.data.server_time >= before && pong.data.server_time <= Date.now());
    reader.close();
  }));

test('acknowledged actions answer OK; status queries answer OK with {}', () =>
  withHub(async ({ url }) => {
    const { reader } = await FrameReader.authenticated(url, 'tok-alice');
    let seq = 2;
    for (const action of ['presence', 'user_typing', 'user_update_active_status', 'posted_notify_ack']) {
      reader.send({ action, seq, data: { channel_id: 'x' } });
      assert.deepEqual(await reader.next(), { status: 'OK', seq_reply: seq }, action);
      seq++;
    }
    for (const action of ['get_statuses', 'get_statuses_by_ids']) {
      reader.send({ action, seq, data: action === 'get_statuses' ? null : { user_ids: ['bob'] } });
      assert.deepEqual(await reader.next(), { status: 'OK', seq_reply: seq, data: {} }, action);
      seq++;
    }
    reader.close();
  }));

test('router errors are FAIL responses with an AppError body', () =>
  withHub(async ({ url }) => {
    const { reader } = await FrameReader.authenticated(url, 'tok-alice');
    reader.send({ seq: 2 });
    assert.deepEqual(await reader.next(), {
      status: 'FAIL',
      seq_reply: 2,
      error: { id: 'api.web_socket_router.no_action.app_error', message: 'No websocket action.', detailed_error: '', status_code: 400 },
    });
    reader.send({ action: 'ping', seq: -1 });
    const badSeq = await reader.next();
    assert.equal(badSeq.status, 'FAIL');
    assert.equal(badSeq.seq_reply, -1);
    assert.equal(badSeq.error.id, 'api.web_socket_router.bad_seq.app_error');
    assert.equal(badSeq.error.status_code, 400);
    reader.send({ action: 'ping', seq: 0 });
    const zeroSeq = await reader.next();
    assert.equal('seq_reply' in zeroSeq, false, 'a zero seq_reply is omitted, as Mattermost does');
    assert.equal(zeroSeq.error.id, 'api.web_socket_router.bad_seq.app_error');
    reader.send({ action: 'launch_rockets', seq: 3 });
    const bad = await reader.next();
    assert.deepEqual(bad, {
      status: 'FAIL',
      seq_reply: 3,
      error: { id: 'api.web_socket_router.bad_action.app_error', message: 'Unknown WebSocket action.', detailed_error: '', status_code: 500 },
    });
    reader.close();
  }));

test('before authentication any other action is refused with 401; a challenge still works afterwards', () =>
  withHub(async ({ url }) => {
    const reader = await FrameReader.open(url);
    reader.send({ action: 'ping', seq: 1 });
    const refused = await reader.next();
    assert.deepEqual(refused, {
      status: 'FAIL',
      seq_reply: 1,
      error: {
        id: 'api.web_socket_router.not_authenticated.app_error',
        message: 'Not authenticated. Please log in and try again.',
        detailed_error: '',
        status_code: 401,
      },
    });
    reader.send({ action: 'launch_rockets', seq: 2 });
    assert.equal((await reader.next()).error.id, 'api.web_socket_router.not_authenticated.app_error');
    reader.send({ action: 'authentication_challenge', seq: 3, data: { token: 'tok-bob' } });
    const frames = [await reader.next(), await reader.next()];
    assert.ok(frames.some((f) => f.seq_reply === 3 && f.status === 'OK'));
    assert.ok(frames.some((f) => f.event === 'hello' && f.seq === 0 && f.broadcast.user_id === 'bob'));
    reader.close();
  }));

test('a ping sent right behind the challenge is answered as authenticated', () =>
  withHub(async ({ url }) => {
    const reader = await FrameReader.open(url);
    reader.send({ action: 'authentication_challenge', seq: 1, data: { token: 'tok-alice' } });
    reader.send({ action: 'ping', seq: 2 });
    const frames = [await reader.next(), await reader.next(), await reader.next()];
    const pong = frames.find((f) => f.seq_reply === 2);
    assert.equal(pong?.status, 'OK');
    assert.equal(pong?.data.text, 'pong');
    reader.close();
  }));

test('an unauthenticated socket is closed after the auth timeout', () =>
  withHub(async ({ url, hub }) => {
    const started = Date.now();
    const reader = await FrameReader.open(url);
    assert.equal(hub.connectionCount(), 1);
    const { code } = await reader.closed;
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 250 && elapsed < 2000, `closed after ${elapsed} ms`);
    assert.equal(code, 1008);
    await waitFor(() => hub.connectionCount() === 0);
  }));

test('an invalid or missing challenge token closes the socket without a reply', () =>
  withHub(async ({ url }) => {
    for (const data of [{ token: 'nope' }, {}, { token: 42 }]) {
      const reader = await FrameReader.open(url);
      reader.send({ action: 'authentication_challenge', seq: 1, data });
      const { code } = await reader.closed;
      assert.equal(code, 1008, JSON.stringify(data));
      assert.equal(await reader.silentFor(0), true);
    }
  }));

test('a failing token lookup closes the socket and is reported, not thrown', async () => {
  const f = await startHub({
    authenticateToken: async () => {
      throw new Error('database down');
    },
  });
  try {
    const reader = await FrameReader.open(f.url);
    reader.send({ action: 'authentication_challenge', seq: 1, data: { token: 'tok-alice' } });
    assert.equal((await reader.closed).code, 1008);
    assert.equal(f.errors.length, 1);
    assert.equal(f.errors[0].context, 'authenticateToken');
  } finally {
    await f.stop();
  }
});

test('a challenge on an authenticated socket is ignored', () =>
  withHub(async ({ url }) => {
    const { reader } = await FrameReader.authenticated(url, 'tok-alice');
    reader.send({ action: 'authentication_challenge', seq: 2, data: { token: 'tok-bob' } });
    reader.send({ action: 'ping', seq: 3 });
    const next = await reader.next();
    assert.equal(next.seq_reply, 3);
    assert.equal(await reader.silentFor(50), true);
    reader.close();
  }));

test('credentials on the upgrade request authenticate at once: header, cookie, access_token', () =>
  withHub(async ({ url }) => {
    const variants: Array<[string, ConstructorParameters<typeof WebSocket>[2]]> = [
      [url, { headers: { Authorization: 'Bearer tok-alice' } }],
      [url, { headers: { Authorization: 'Token tok-alice' } }],
      [url, { headers: { Cookie: 'MMAUTHTOKEN=tok-alice' } }],
      [`${url}?access_token=tok-alice`, {}],
      [`${url}/?connection_id=&sequence_number=0`, { headers: { Authorization: 'BEARER tok-alice' } }],
    ];
    for (const [target, options] of variants) {
      const reader = await FrameReader.open(target, options);
      const hello = await reader.next();
      assert.equal(hello.event, 'hello', target);
      assert.equal(hello.seq, 0);
      assert.equal(hello.broadcast.user_id, 'alice');
      reader.send({ action: 'ping', seq: 1 });
      assert.equal((await reader.next()).data.text, 'pong');
      reader.close();
    }
  }));

test('a bad upgrade credential leaves the socket waiting for a challenge', () =>
  withHub(async ({ url }) => {
    const reader = await FrameReader.open(url, { headers: { Authorization: 'Bearer wrong' } });
    reader.send({ action: 'ping', seq: 1 });
    assert.equal((await reader.next()).error.status_code, 401);
    reader.send({ action: 'authentication_challenge', seq: 2, data: { token: 'tok-alice' } });
    const frames = [await reader.next(), await reader.next()];
    assert.ok(frames.some((f) => f.event === 'hello'));
    reader.close();
  }));

test('events are numbered per socket by exactly one, and broadcast filters are honoured', () =>
  withHub(async ({ url, hub }) => {
    const a1 = await FrameReader.authenticated(url, 'tok-alice');
    const a2 = await FrameReader.authenticated(url, 'tok-alice-2');
    const b = await FrameReader.authenticated(url, 'tok-bob');
    assert.notEqual(a1.hello.data.connection_id, a2.hello.data.connection_id);
    assert.equal(hub.connectionCount(), 3);

    hub.sendToUsers(['alice', 'bob', 'alice'], 'posted', { n: 1 }, { channel_id: 'c1' });
    hub.sendToUsers(['alice'], 'typing', { n: 2 }, { channel_id: 'c1' });
    hub.sendToUsers(['alice', 'bob'], 'posted', { n: 3 }, { omit_users: { bob: true } });
    hub.sendToUsers(['alice', 'bob'], 'posted', { n: 4 }, { omit_connection_id: a1.hello.data.connection_id });
    hub.sendToUsers(['alice', 'bob'], 'posted', { n: 5 }, { connection_id: a2.hello.data.connection_id });
    hub.sendToUsers(['alice'], 'posted', { n: 6 }, {});
    hub.sendToUsers(['carol'], 'posted', { n: 7 }, {});

    const received = async (r: FrameReader, count: number) => {
      const out: Array<[number, number]> = [];
      for (let i = 0; i < count; i++) {
        const f = await r.next();
        out.push([f.data.n, f.seq]);
      }
      assert.equal(await r.silentFor(30), true);
      return out;
    };
    assert.deepEqual(await received(a1.reader, 4), [[1, 1], [2, 2], [3, 3], [6, 4]]);
    assert.deepEqual(await received(a2.reader, 6), [[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6]]);
    assert.deepEqual(await received(b.reader, 2), [[1, 1], [4, 2]]);

    a2.reader.close();
    await waitFor(() => hub.connectionCount() === 2);
    hub.sendToUsers(['alice'], 'posted', { n: 8 }, {});
    const f = await a1.reader.next();
    assert.deepEqual([f.data.n, f.seq], [8, 5]);
    assert.deepEqual(f.broadcast, { omit_users: null, user_id: '', channel_id: '', team_id: '', connection_id: '', omit_connection_id: '' });
    a1.reader.close();
    b.reader.close();
  }));

test('reconnecting gets a new connection_id and a hello at seq 0', () =>
  withHub(async ({ url, hub }) => {
    const first = await FrameReader.authenticated(url, 'tok-alice');
    hub.sendToUsers(['alice'], 'posted', {}, {});
    assert.equal((await first.reader.next()).seq, 1);
    first.reader.close();
    await first.reader.closed;
    const oldId = first.hello.data.connection_id;
    const second = await FrameReader.authenticated(`${url}?connection_id=${oldId}&sequence_number=2`, 'tok-alice');
    assert.equal(second.hello.seq, 0);
    assert.match(second.hello.data.connection_id, ID);
    assert.notEqual(second.hello.data.connection_id, oldId);
    hub.sendToUsers(['alice'], 'posted', {}, {});
    assert.equal((await second.reader.next()).seq, 1);
    second.reader.close();
  }));

test('malformed frames are dropped without harm', () =>
  withHub(async ({ url }) => {
    const { reader } = await FrameReader.authenticated(url, 'tok-alice');
    for (const junk of ['not json', '[1,2]', 'null', '42', '"ping"', '{"action":']) reader.send(junk);
    reader.ws.send(Buffer.from('{"action":"ping","seq":9}'), { binary: true });
    reader.send({ action: 'ping', seq: 2, data: 'not an object' });
    const pong = await reader.next();
    assert.equal(pong.seq_reply, 2);
    assert.equal(await reader.silentFor(30), true);
    reader.close();
  }));

test('sendToUsers survives data that cannot be serialised', async () => {
  const f = await startHub();
  try {
    const { reader } = await FrameReader.authenticated(f.url, 'tok-alice');
    assert.doesNotThrow(() => f.hub.sendToUsers(['alice'], 'posted', { big: 1n }, {}));
    assert.equal(f.errors.length, 1);
    f.hub.sendToUsers(['alice'], 'posted', { ok: true }, {});
    assert.equal((await reader.next()).seq, 1, 'the failed event consumed no seq');
    reader.close();
  } finally {
    await f.stop();
  }
});

test('other upgrade paths get 404; foreign browser origins get 403', () =>
  withHub(async ({ port, url }) => {
    await assert.rejects(FrameReader.open(`ws://127.0.0.1:${port}/api/v4/websockets`), /HTTP 404/);
    await assert.rejects(FrameReader.open(`ws://127.0.0.1:${port}/`), /HTTP 404/);
    await assert.rejects(FrameReader.open(url, { origin: 'https://evil.example' }), /HTTP 403/);
    const same = await FrameReader.open(url, { origin: `http://127.0.0.1:${port}` });
    same.close();
  }));

test('protocol pings are sent, and a socket that never pongs is dropped', async () => {
  const f = await startHub({ pingIntervalMs: 40, pongTimeoutMs: 200 });
  try {
    const live = await FrameReader.open(f.url, { headers: { Authorization: 'Bearer tok-alice' } });
    let pings = 0;
    live.ws.on('ping', () => pings++);
    const mute = await FrameReader.open(f.url, { headers: { Authorization: 'Bearer tok-bob' }, autoPong: false });
    const { code } = await mute.closed;
    assert.equal(code, 1006, 'terminated, not closed politely');
    assert.ok(pings >= 3, `${pings} pings`);
    assert.equal(live.ws.readyState, WebSocket.OPEN, 'a socket that answers pings stays');
    live.close();
  } finally {
    await f.stop();
  }
});

test('a socket is closed at the first keep-alive sweep after its session expires', async () => {
  const expiresAt = Date.now() + 150;
  const f = await startHub({
    pingIntervalMs: 40,
    authenticateRequest: async (req) =>
      req.headers.authorization === 'Bearer tok-short'
        ? { userId: 'alice', sessionId: 'session-short', expiresAt }
        : { userId: 'bob', sessionId: 'session-bob' },
  });
  try {
    const lasting = await FrameReader.open(f.url, { headers: { Authorization: 'Bearer tok-bob' } });
    const short = await FrameReader.open(f.url, { headers: { Authorization: 'Bearer tok-short' } });
    const outcome = await Promise.race([
      short.closed.then(({ code }) => code),
      new Promise((resolve) => setTimeout(() => resolve('still open after 5 s'), 5000).unref()),
    ]);
    assert.equal(outcome, 1008);
    assert.ok(Date.now() >= expiresAt, 'not before the session ends');
    assert.equal(lasting.ws.readyState, WebSocket.OPEN, 'sessions without an end stay');
    lasting.close();
  } finally {
    await f.stop();
  }
});

test('close() shuts every socket with 1001 and refuses new ones', async () => {
  const f = await startHub();
  const a = await FrameReader.authenticated(f.url, 'tok-alice');
  const pending = await FrameReader.open(f.url);
  await f.hub.close();
  assert.equal((await a.reader.closed).code, 1001);
  assert.equal((await pending.closed).code, 1001);
  assert.equal(f.hub.connectionCount(), 0);
  await f.stop();
});

async function waitFor(cond: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
