// Channels of each type through Client4: public, private and direct; lookup, rosters, and the
// isolation rules (only members read or post in private and direct channels).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { adminClient, startTestServer, userClient } from './support/server.js';
import { clientError } from './support/wire.js';

const DENIED = 'api.context.permissions.app_error';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: channels of each type`, async (t) => {
    const server = await startTestServer(kind);
    t.after(() => server.stop());
    const { client: admin, user: adminUser } = await adminClient(server);
    const { client: bob, user: bobUser } = await userClient(server, admin);
    const { client: carol, user: carolUser } = await userClient(server, admin);
    const { client: dave, user: daveUser } = await userClient(server, admin); // never joins the team
    const team = await bob.createTeam({ name: 'chanteam', display_name: 'Chan', type: 'O' });
    await bob.addToTeam(team.id, carolUser.id);

    await t.test('public channel: create, get, by name, members add/list/get/remove', async () => {
      const ch = await bob.createChannel({ team_id: team.id, name: 'public-one', display_name: 'Public One', type: 'O', purpose: 'p', header: 'h' });
      assert.equal(ch.type, 'O');
      assert.equal(ch.team_id, team.id);
      assert.equal(ch.creator_id, bobUser.id);
      assert.equal(ch.purpose, 'p');
      assert.equal((await bob.getChannelMember(ch.id, bobUser.id)).roles, 'channel_user channel_admin');
      // Any team member may read a public channel and find it by name without joining.
      assert.equal((await carol.getChannel(ch.id)).id, ch.id);
      assert.equal((await carol.getChannelByName(team.id, 'public-one')).id, ch.id);
      await assert.rejects(dave.getChannel(ch.id), clientError(403, DENIED));
      await assert.rejects(dave.getChannelByName(team.id, 'public-one'), clientError(404, 'app.channel.get_by_name.missing.app_error'));
      // Team members may add themselves; people outside the team cannot be added.
      const joined = await carol.addToChannel(carolUser.id, ch.id);
      assert.equal(joined.roles, 'channel_user');
      assert.deepEqual(await carol.addToChannel(carolUser.id, ch.id), joined);
      await assert.rejects(bob.addToChannel(daveUser.id, ch.id), clientError(403));
      await assert.rejects(dave.addToChannel(daveUser.id, ch.id), clientError(403, DENIED));
      const members = await carol.getChannelMembers(ch.id);
      assert.deepEqual(members.map((m: any) => m.user_id).sort(), [bobUser.id, carolUser.id].sort());
      assert.equal((await carol.getChannelMembers(ch.id, 1, 1)).length, 1);
      assert.equal((await carol.getMyChannelMember(ch.id)).user_id, carolUser.id);
      assert.deepEqual(await carol.removeFromChannel(carolUser.id, ch.id), { status: 'OK' });
      await assert.rejects(carol.getChannelMember(ch.id, carolUser.id), clientError(404));
      await assert.rejects(carol.removeFromChannel(carolUser.id, ch.id), clientError(404));
      await assert.rejects(carol.createPost({ channel_id: ch.id, message: 'not a member' }), clientError(403, DENIED));
    });

    await t.test('private channel: only members read, post, list or add', async () => {
      const ch = await bob.createChannel({ team_id: team.id, name: 'private-one', display_name: 'Private One', type: 'P' });
      assert.equal(ch.type, 'P');
      const post = await bob.createPost({ channel_id: ch.id, message: 'members only' });
      await assert.rejects(carol.getChannel(ch.id), clientError(403, DENIED));
      await assert.rejects(carol.getChannelByName(team.id, 'private-one'), clientError(404, 'app.channel.get_by_name.missing.app_error'));
      await assert.rejects(carol.getChannelMembers(ch.id), clientError(403, DENIED));
      await assert.rejects(carol.getPosts(ch.id), clientError(403, DENIED));
      await assert.rejects(carol.getPost(post.id), clientError(403, DENIED));
      await assert.rejects(carol.createPost({ channel_id: ch.id, message: 'hi' }), clientError(403, DENIED));
      await assert.rejects(carol.addToChannel(carolUser.id, ch.id), clientError(403, DENIED));
      assert.ok(!(await carol.getMyChannels(team.id)).some((c: any) => c.id === ch.id));
      // The system admin sees it; a member adds carol, and then she can read and post.
      assert.equal((await admin.getChannel(ch.id)).id, ch.id);
      await bob.addToChannel(carolUser.id, ch.id);
      assert.equal((await carol.getChannelByName(team.id, 'private-one')).id, ch.id);
      assert.equal((await carol.getPosts(ch.id)).order[0], post.id);
      await carol.createPost({ channel_id: ch.id, message: 'thanks' });
      assert.ok((await carol.getMyChannels(team.id)).some((c: any) => c.id === ch.id));
      // Leaving takes it all away again.
      await carol.removeFromChannel(carolUser.id, ch.id);
      await assert.rejects(carol.getPosts(ch.id), clientError(403, DENIED));
      await assert.rejects(carol.createPost({ channel_id: ch.id, message: 'back?' }), clientError(403, DENIED));
    });

    await t.test('channel rules: duplicates, bad names, unknown team, non-member creator', async () => {
      await assert.rejects(bob.createChannel({ team_id: team.id, name: 'town-square', display_name: 'Dup', type: 'O' }), clientError(400, 'store.sql_channel.save_channel.exists.app_error'));
      await assert.rejects(bob.createChannel({ team_id: team.id, name: 'x'.repeat(65), display_name: 'Long', type: 'O' }), clientError(400, 'model.channel.is_valid.2_or_more.app_error'));
      await assert.rejects(bob.createChannel({ team_id: team.id, name: 'okname', display_name: 'd'.repeat(65), type: 'O' }), clientError(400, 'model.channel.is_valid.display_name.app_error'));
      await assert.rejects(bob.createChannel({ team_id: team.id, name: 'grp', display_name: 'G', type: 'G' }), clientError(400, 'api.channel.create_channel.direct_channel.app_error'));
      await assert.rejects(dave.createChannel({ team_id: team.id, name: 'intruder', display_name: 'I', type: 'O' }), clientError(403, DENIED));
      await assert.rejects(bob.getChannel('a'.repeat(26)), clientError(404, 'app.channel.get.existing.app_error'));
    });

    await t.test('direct channels: min__max name, idempotent, self-DM, members only', async () => {
      const dm = await carol.createDirectChannel([carolUser.id, daveUser.id]);
      assert.equal(dm.type, 'D');
      assert.equal(dm.team_id, '');
      assert.equal(dm.display_name, '');
      assert.equal(dm.name, [carolUser.id, daveUser.id].sort().join('__'));
      assert.equal((await dave.createDirectChannel([daveUser.id, carolUser.id])).id, dm.id);
      assert.equal((await carol.createDirectChannel([carolUser.id, daveUser.id])).id, dm.id);
      const members = await dave.getChannelMembers(dm.id);
      assert.deepEqual(members.map((m: any) => m.user_id).sort(), [carolUser.id, daveUser.id].sort());
      const post = await dave.createPost({ channel_id: dm.id, message: 'hi carol' });
      assert.equal((await carol.getPosts(dm.id)).order[0], post.id);
      assert.ok((await carol.getMyChannels(team.id)).some((c: any) => c.id === dm.id));
      await assert.rejects(bob.getChannel(dm.id), clientError(403, DENIED));
      await assert.rejects(bob.getPosts(dm.id), clientError(403, DENIED));
      await assert.rejects(bob.getPost(post.id), clientError(403, DENIED));
      await assert.rejects(bob.createPost({ channel_id: dm.id, message: 'me too' }), clientError(403, DENIED));
      await assert.rejects(bob.createDirectChannel([carolUser.id, daveUser.id]), clientError(403, DENIED));
      await assert.rejects(carol.addToChannel(bobUser.id, dm.id), clientError(400));
      await assert.rejects(carol.removeFromChannel(daveUser.id, dm.id), clientError(400));
      // A system admin may open a DM between two others; a DM with oneself has one member.
      assert.equal((await admin.createDirectChannel([carolUser.id, daveUser.id])).id, dm.id);
      const self = await bob.createDirectChannel([bobUser.id, bobUser.id]);
      assert.equal(self.name, `${bobUser.id}__${bobUser.id}`);
      assert.equal((await bob.getChannelMembers(self.id)).length, 1);
      assert.notEqual(self.id, (await admin.createDirectChannel([adminUser.id, bobUser.id])).id);
    });
  });
}
