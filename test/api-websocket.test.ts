// The websocket against a real server (api-v4-compat §8, §9 items 23-26): the official
// WebSocketClient authenticates, gets hello and pongs, and sees posted / post_edited / post_deleted
// for channels it belongs to, and nothing from private channels it does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { adminClient, startTestServer, uniqueName, userClient } from './support/server.js';
import { connectOfficial, until, type OfficialSocket } from './support/realtime.js';
import { FrameReader } from './support/hub-test-harness.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: websocket events with the official WebSocketClient`, async (t) => {
    const server = await startTestServer(kind);
    const sockets: OfficialSocket[] = [];
    t.after(async () => {
      for (const s of sockets) s.close();
      await server.stop();
    });
    const { client: admin, user: adminUser } = await adminClient(server);
    const { client: bob, user: bobUser } = await userClient(server, admin);
    const { client: carol, user: carolUser } = await userClient(server, admin);
    const team = await admin.createTeam({ name: uniqueName('team'), display_name: 'Team', type: 'O' });
    await admin.addToTeam(team.id, bobUser.id);
    await admin.addToTeam(team.id, carolUser.id);
    const town = await admin.getChannelByName(team.id, 'town-square');
    const secret = await admin.createChannel({ team_id: team.id, name: 'secret', display_name: 'Secret', type: 'P' });
    await admin.addToChannel(bobUser.id, secret.id);
    const wsUrl = `${server.url.replace('http', 'ws')}/api/v4/websocket`;

    await t.test('23. the challenge is answered with seq_reply 1 and hello comes at seq 0', async () => {
      const { reader, hello } = await FrameReader.authenticated(wsUrl, admin.getToken());
      try {
        assert.equal(hello.seq, 0);
        assert.equal(hello.broadcast.user_id, adminUser.id);
        assert.match(hello.data.connection_id, /^[a-z0-9]{26}$/);
        reader.send({ action: 'ping', seq: 2 });
        const pong = await reader.next(15_000);
        assert.equal(pong.seq_reply, 2);
        assert.equal(pong.data.text, 'pong');
      } finally {
        reader.close();
      }
      const official = await connectOfficial(server.url, admin.getToken());
      sockets.push(official);
      assert.equal(official.events[0].event, 'hello');
      assert.equal(official.events[0].seq, 0);
      const pong = await new Promise<Record<string, any>>((resolve) => official.client.ping(resolve));
      assert.equal(pong.status, 'OK');
      assert.equal(pong.data.text, 'pong');
    });

    await t.test('a bad token closes the socket', async () => {
      const reader = await FrameReader.open(wsUrl);
      reader.send({ action: 'authentication_challenge', seq: 1, data: { token: 'x'.repeat(26) } });
      await reader.closed;
    });

    await t.test('logging out closes the sockets opened with that token, and only those', async () => {
      const other = server.client();
      await other.login(bobUser.username, 'password1');
      const { reader: doomed } = await FrameReader.authenticated(wsUrl, other.getToken());
      const { reader: kept } = await FrameReader.authenticated(wsUrl, bob.getToken());
      try {
        await other.logout();
        // A revoked session must stop receiving the user's private events: the server closes it.
        await assert.rejects(doomed.next(15_000), /socket closed/);
        kept.send({ action: 'ping', seq: 2 });
        assert.equal((await kept.next(15_000)).seq_reply, 2);
      } finally {
        doomed.close();
        kept.close();
      }
    });

    await t.test("a password change closes the user's other sockets; deactivation closes all of them", async () => {
      const { client: dave, user: daveUser } = await userClient(server, admin);
      const other = server.client();
      await other.login(daveUser.username, 'password1');
      const { reader: mine } = await FrameReader.authenticated(wsUrl, dave.getToken());
      const { reader: theirs } = await FrameReader.authenticated(wsUrl, other.getToken());
      const { reader: bystander } = await FrameReader.authenticated(wsUrl, bob.getToken());
      try {
        await dave.updateUserPassword(daveUser.id, 'password1', 'password2');
        await assert.rejects(theirs.next(15_000), /socket closed/);
        mine.send({ action: 'ping', seq: 2 });
        assert.equal((await mine.next(15_000)).seq_reply, 2, 'the session that changed the password keeps its socket');

        await admin.updateUserActive(daveUser.id, false);
        await assert.rejects(mine.next(15_000), /socket closed/);
        bystander.send({ action: 'ping', seq: 2 });
        assert.equal((await bystander.next(15_000)).seq_reply, 2, "other users' sockets stay open");
      } finally {
        mine.close();
        theirs.close();
        bystander.close();
      }
    });

    await t.test('24. posted, post_edited and post_deleted reach every member with consecutive seqs', async () => {
      const a = sockets[0];
      const b = await connectOfficial(server.url, bob.getToken());
      const c = await connectOfficial(server.url, carol.getToken());
      sockets.push(b, c);
      const post = await bob.createPost({ channel_id: town.id, message: `hello @${carolUser.username}` });
      for (const s of [a, b, c]) {
        const posted = await s.waitFor((e) => e.event === 'posted', 'posted');
        assert.equal(posted.seq, 1);
        assert.equal(posted.broadcast.channel_id, town.id);
        assert.equal(typeof posted.data.post, 'string');
        assert.equal(JSON.parse(posted.data.post).id, post.id);
        assert.equal(posted.data.channel_type, 'O');
        assert.equal(posted.data.channel_name, 'town-square');
        assert.equal(posted.data.sender_name, `@${bobUser.username}`);
        assert.equal(posted.data.team_id, team.id);
        assert.equal(posted.data.set_online, true);
      }
      const mentioned = c.events.find((e) => e.event === 'posted')!;
      assert.deepEqual(JSON.parse(mentioned.data.mentions), [carolUser.id]);

      await bob.patchPost({ id: post.id, message: 'edited' });
      for (const s of [a, b, c]) {
        const edited = await s.waitFor((e) => e.event === 'post_edited', 'post_edited');
        assert.equal(edited.seq, 2);
        assert.equal(JSON.parse(edited.data.post).message, 'edited');
      }
      await bob.deletePost(post.id);
      for (const s of [a, b, c]) {
        const deleted = await s.waitFor((e) => e.event === 'post_deleted', 'post_deleted');
        assert.equal(deleted.seq, 3);
        assert.equal(JSON.parse(deleted.data.post).id, post.id);
        assert.ok(JSON.parse(deleted.data.post).delete_at > 0);
      }
    });

    await t.test('a non-member of a private channel gets none of its events', async () => {
      const [a, b, c] = sockets;
      const hidden = await bob.createPost({ channel_id: secret.id, message: 'members only' });
      await bob.patchPost({ id: hidden.id, message: 'still members only' });
      await bob.deletePost(hidden.id);
      // Carol's socket gets this later town-square post, so anything from the private channel
      // would have reached her before it.
      const marker = await admin.createPost({ channel_id: town.id, message: 'marker' });
      const isMarker = (e: { event: string; data: Record<string, any> }) => e.event === 'posted' && JSON.parse(e.data.post).id === marker.id;
      for (const s of [a, b, c]) await s.waitFor(isMarker, 'marker');
      for (const s of [a, b]) {
        const seen = s.events.filter((e) => e.broadcast.channel_id === secret.id).map((e) => e.event);
        assert.deepEqual(seen, ['posted', 'post_edited', 'post_deleted']);
      }
      assert.deepEqual(c.events.filter((e) => e.broadcast.channel_id === secret.id || JSON.stringify(e).includes(hidden.id)), []);
      // Every socket's events are numbered 0, 1, 2, ... with no gap.
      for (const s of [a, b, c]) assert.deepEqual(s.events.map((e) => e.seq), s.events.map((_, i) => i));
    });

    await t.test('direct messages reach both people and nobody else', async () => {
      const [a, b, c] = sockets;
      const dm = await bob.createDirectChannel([bobUser.id, carolUser.id]);
      const post = await bob.createPost({ channel_id: dm.id, message: 'psst' });
      const marker = await admin.createPost({ channel_id: town.id, message: 'marker 2' });
      const isPost = (id: string) => (e: { event: string; data: Record<string, any> }) => e.event === 'posted' && JSON.parse(e.data.post).id === id;
      for (const s of [b, c]) {
        const posted = await s.waitFor(isPost(post.id), 'dm posted');
        assert.equal(posted.data.channel_type, 'D');
        assert.equal(posted.data.team_id, '');
      }
      await a.waitFor(isPost(marker.id), 'marker 2');
      assert.equal(a.events.filter(isPost(post.id)).length, 0);
    });

    await t.test('25. after a drop the client reconnects once with a new connection_id and hello at seq 0', async (t) => {
      t.mock.method(console, 'log', () => {}); // the client narrates its reconnect
      const s = sockets[1];
      const first = s.events[0];
      (s.client as unknown as { conn: { terminate(): void } }).conn.terminate();
      await until(() => s.events.filter((e) => e.event === 'hello').length === 2, 'second hello');
      const hello2 = s.events.filter((e) => e.event === 'hello')[1];
      assert.equal(hello2.seq, 0);
      assert.notEqual(hello2.data.connection_id, first.data.connection_id);
      assert.equal(s.counts.reconnects, 1);
      const after = await bob.createPost({ channel_id: town.id, message: 'after reconnect' });
      const posted = await s.waitFor((e) => e.event === 'posted' && JSON.parse(e.data.post).id === after.id, 'posted after reconnect');
      assert.equal(posted.seq, 1);
      assert.equal(s.counts.reconnects, 1, 'no reconnect loop');
    });

    await t.test('26. a socket that never authenticates is closed after about 5 seconds', async () => {
      const started = Date.now();
      const reader = await FrameReader.open(wsUrl);
      await reader.closed;
      assert.ok(Date.now() - started >= 4000, 'closed too early');
    });
  });
}
