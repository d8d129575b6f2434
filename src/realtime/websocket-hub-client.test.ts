// The official @mattermost/client WebSocketClient against the hub: it must authenticate, see hello,
// get pongs, accept `posted` events, and reconnect once (not in a loop) when its socket drops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import pkg from '@mattermost/client';
import type { Post } from '../domain/posts.js';
import { installNodeWebSocketGlobals, startHub } from '../../test/support/hub-test-harness.js';
import { postedEventData } from './post-events.js';

const { WebSocketClient } = pkg;
installNodeWebSocketGlobals();

const post = (message: string): Post => ({
  id: 'p'.repeat(26),
  create_at: 1700000000000,
  update_at: 1700000000000,
  edit_at: 0,
  delete_at: 0,
  is_pinned: false,
  user_id: 'alice',
  channel_id: 'c'.repeat(26),
  root_id: '',
  original_id: '',
  message,
  type: '',
  props: {},
  hashtags: '',
  file_ids: [],
  pending_post_id: '',
  reply_count: 0,
  last_reply_at: 0,
  participants: null,
  metadata: {},
});

const until = async (cond: () => boolean, what: string, timeoutMs = 3000) => {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the official WebSocketClient connects, gets hello and pongs, receives posted, and reconnects once', async (t) => {
  t.mock.method(console, 'log', () => {}); // the client narrates every connect
  const f = await startHub();
  const client = new WebSocketClient({
    newWebSocketFn: ((url: string) => new WebSocket(url)) as never,
    clientPingInterval: 100,
    minWebSocketRetryTime: 50,
    reconnectJitterRange: 0,
  });
  const events: Array<Record<string, any>> = [];
  let closes = 0;
  let reconnects = 0;
  let missed = 0;
  client.addMessageListener((msg) => events.push(msg as unknown as Record<string, any>));
  client.addCloseListener(() => closes++);
  client.addReconnectListener(() => reconnects++);
  client.addMissedMessageListener(() => missed++);
  try {
    client.initialize(f.url, 'tok-alice');
    await until(() => events.some((e) => e.event === 'hello'), 'hello');
    const hello = events[0];
    assert.equal(hello.event, 'hello');
    assert.equal(hello.seq, 0);
    assert.equal(f.hub.connectionCount(), 1);

    const pong = await new Promise<Record<string, any>>((resolve) => client.ping(resolve));
    assert.equal(pong.status, 'OK');
    assert.equal(pong.data.text, 'pong');

    const channel = { type: 'O', name: 'town-square', display_name: 'Town Square', team_id: 't'.repeat(26) };
    const sent = post('hello');
    f.hub.sendToUsers(['alice'], 'posted', postedEventData({ post: sent, channel, senderName: 'alice', setOnline: true }), {
      channel_id: sent.channel_id,
    });
    await until(() => events.some((e) => e.event === 'posted'), 'posted');
    const posted = events.find((e) => e.event === 'posted')!;
    assert.equal(posted.seq, 1);
    assert.equal(posted.broadcast.channel_id, sent.channel_id);
    assert.equal(typeof posted.data.post, 'string');
    assert.deepEqual(JSON.parse(posted.data.post), sent);

    // Several client ping periods pass: every ping is answered, so the client keeps its socket.
    await sleep(450);
    assert.equal(closes, 0);
    assert.equal(f.errors.length, 0);

    // Drop the socket under the client; it must come back once, with a fresh hello at seq 0.
    (client as unknown as { conn: WebSocket }).conn.terminate();
    await until(() => events.filter((e) => e.event === 'hello').length === 2, 'second hello');
    const hello2 = events.filter((e) => e.event === 'hello')[1];
    assert.equal(hello2.seq, 0);
    assert.notEqual(hello2.data.connection_id, hello.data.connection_id);
    assert.equal(reconnects, 1);
    assert.equal(missed, 1, 'a new connection_id makes the client refetch state');

    f.hub.sendToUsers(['alice'], 'posted', postedEventData({ post: post('again'), channel, senderName: 'alice', setOnline: true }), {});
    await until(() => events.filter((e) => e.event === 'posted').length === 2, 'second posted');
    assert.equal(events.filter((e) => e.event === 'posted')[1].seq, 1);

    await sleep(300);
    assert.equal(closes, 1, 'no reconnect loop');
    assert.equal(reconnects, 1);
    assert.equal(f.hub.connectionCount(), 1);
  } finally {
    client.close();
    await f.stop();
  }
});
