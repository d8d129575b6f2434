// A first pass through the chat core with the official client, on every database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { adminClient, startTestServer, uniqueName, userClient } from './support/server.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: admin signs up, creates a team and channel, posts and reads back`, async (t) => {
    const server = await startTestServer(kind);
    t.after(() => server.stop());
    const { client: admin, user } = await adminClient(server);
    assert.equal(user.roles, 'system_admin system_user');
    const me = await admin.getMe();
    assert.equal(me.id, user.id);
    const team = await admin.createTeam({ name: uniqueName('team'), display_name: 'Team', type: 'O' });
    const town = await admin.getChannelByName(team.id, 'town-square');
    assert.equal(town.display_name, 'Town Square');
    const post = await admin.createPost({ channel_id: town.id, message: 'hello' });
    const reply = await admin.createPost({ channel_id: town.id, message: 'reply', root_id: post.id });
    const list = await admin.getPosts(town.id, 0, 60);
    assert.deepEqual(list.order, [reply.id, post.id]);
    const thread = await admin.getPostThread(post.id);
    assert.deepEqual(new Set(thread.order), new Set([post.id, reply.id]));
    const { client: bob } = await userClient(server, admin);
    await assert.rejects(bob.getPosts(town.id, 0, 60), (e: any) => e.status_code === 403);
  });
}
