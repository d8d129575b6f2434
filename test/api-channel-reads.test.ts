// What each member has read, through Client4: a member's channel memberships with their unread and
// mention counts, marking a channel viewed, the public channels of a team to join, and users by id
// (what the web app's sidebar and post list need).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { adminClient, startTestServer, userClient } from './support/server.js';
import { call, assertAppError, clientError } from './support/wire.js';
import { eventually, replyJson, startReceiver } from './support/receiver.js';

const DENIED = 'api.context.permissions.app_error';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: unread and mention counts, viewing, public channels, users by id`, async (t) => {
    const server = await startTestServer(kind);
    t.after(() => server.stop());
    const { client: admin, user: adminUser } = await adminClient(server);
    const { client: bob, user: bobUser } = await userClient(server, admin);
    const { client: carol, user: carolUser } = await userClient(server, admin);
    const { client: dave, user: daveUser } = await userClient(server, admin); // never joins the team
    const team = await bob.createTeam({ name: 'readteam', display_name: 'Read', type: 'O' });
    await bob.addToTeam(team.id, carolUser.id);
    const town = await bob.getChannelByName(team.id, 'town-square');
    const member = async (c: any, channelId: string) =>
      (await c.getMyChannelMembers(team.id)).find((m: any) => m.channel_id === channelId);

    await t.test('memberships of the team and direct channels, for oneself (or a system admin)', async () => {
      const secret = await bob.createChannel({ team_id: team.id, name: 'secret', display_name: 'Secret', type: 'P' });
      const dm = await bob.createDirectChannel([bobUser.id, carolUser.id]);
      const ids = (await bob.getMyChannelMembers(team.id)).map((m: any) => m.channel_id);
      for (const id of [town.id, secret.id, dm.id]) assert.ok(ids.includes(id), id);
      const carols = (await carol.getMyChannelMembers(team.id)).map((m: any) => m.channel_id);
      assert.ok(carols.includes(dm.id));
      assert.ok(!carols.includes(secret.id));
      const mine = await bob.getMyChannelMembers(team.id);
      assert.ok(mine.every((m: any) => m.user_id === bobUser.id && typeof m.msg_count === 'number' && typeof m.mention_count === 'number'));
      // Someone else's memberships: their own business, or a system admin's.
      const res = await call(server.url, 'GET', `/api/v4/users/${bobUser.id}/teams/${team.id}/channels/members`, { token: carol.getToken() });
      assertAppError(res, 403, DENIED);
      const asAdmin = await call(server.url, 'GET', `/api/v4/users/${bobUser.id}/teams/${team.id}/channels/members`, { token: admin.getToken() });
      assert.equal(asAdmin.status, 200);
      await assert.rejects(dave.getMyChannelMembers(team.id), clientError(403, DENIED));
      assertAppError(await call(server.url, 'GET', `/api/v4/users/me/teams/nope/channels/members`, { token: bob.getToken() }), 400);
    });

    await t.test('posts are unread until viewed; mentions are counted for those mentioned', async () => {
      await bob.viewMyChannel(town.id);
      await carol.viewMyChannel(town.id);
      await bob.createPost({ channel_id: town.id, message: 'hello everyone' });
      await bob.createPost({ channel_id: town.id, message: `@${carolUser.username} can you look?` });
      const channel = await carol.getChannel(town.id);
      let m = await member(carol, town.id);
      assert.equal(channel.total_msg_count - m.msg_count, 2);
      assert.equal(m.mention_count, 1);
      // The author was not mentioned by their own post.
      assert.equal((await member(bob, town.id)).mention_count, 0);
      const viewed = await carol.viewMyChannel(town.id);
      assert.equal(viewed.status, 'OK');
      assert.equal(typeof viewed.last_viewed_at_times[town.id], 'number');
      m = await member(carol, town.id);
      assert.equal(m.msg_count, channel.total_msg_count);
      assert.equal(m.mention_count, 0);
      assert.equal(m.last_viewed_at, viewed.last_viewed_at_times[town.id]);
      // The viewer's counts only: bob's unread stay his.
      assert.equal((await member(bob, town.id)).msg_count < channel.total_msg_count, true);
    });

    await t.test('@channel mentions every other member; every direct message mentions its reader', async () => {
      await carol.viewMyChannel(town.id);
      await bob.createPost({ channel_id: town.id, message: '@channel standup in 5' });
      assert.equal((await member(carol, town.id)).mention_count, 1);
      assert.equal((await member(bob, town.id)).mention_count, 0);
      const dm = await bob.createDirectChannel([bobUser.id, carolUser.id]);
      await carol.viewMyChannel(dm.id);
      await bob.createPost({ channel_id: dm.id, message: 'a quiet word' });
      await bob.createPost({ channel_id: dm.id, message: 'and another' });
      assert.equal((await member(carol, dm.id)).mention_count, 2);
      assert.equal((await member(bob, dm.id)).mention_count, 0);
    });

    await t.test('a webhook reply that mentions someone counts as a mention', async () => {
      const receiver = await startReceiver(replyJson({ text: `@${carolUser.username} pong` }));
      t.after(() => receiver.close());
      await admin.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: true, AllowedUntrustedInternalConnections: '127.0.0.1' } });
      await admin.addToTeam(team.id, adminUser.id);
      await admin.createOutgoingWebhook({ team_id: team.id, trigger_words: ['ping'], callback_urls: [`${receiver.url}/hook`], display_name: 'Pong' });
      await carol.viewMyChannel(town.id);
      await bob.createPost({ channel_id: town.id, message: 'ping' });
      await receiver.waitFor(1);
      await eventually(async () => (await member(carol, town.id)).mention_count === 1);
      await admin.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: false } });
    });

    await t.test('viewing: own membership, readable channels, well-formed ids', async () => {
      const secret = await bob.createChannel({ team_id: team.id, name: 'secret2', display_name: 'Secret 2', type: 'P' });
      await assert.rejects(carol.viewMyChannel(secret.id), clientError(403, DENIED));
      // A public channel carol has not joined: readable, but she has nothing to mark.
      const open = await bob.createChannel({ team_id: team.id, name: 'open', display_name: 'Open', type: 'O' });
      assert.deepEqual((await carol.viewMyChannel(open.id)).last_viewed_at_times, {});
      const view = (token: string, userId: string, body: unknown) =>
        call(server.url, 'POST', `/api/v4/channels/members/${userId}/view`, { token, body });
      assertAppError(await view(carol.getToken(), 'me', { channel_id: 'nope' }), 400, 'api.context.invalid_body_param.app_error');
      assertAppError(await view(carol.getToken(), 'me', [town.id]), 400, 'api.context.invalid_body_param.app_error');
      assertAppError(await view(carol.getToken(), bobUser.id, { channel_id: town.id }), 403, DENIED);
      const empty = await view(carol.getToken(), 'me', { channel_id: '' });
      assert.equal(empty.status, 200);
      // Leaving one channel for another marks both.
      const both = await view(carol.getToken(), 'me', { channel_id: town.id, prev_channel_id: open.id });
      assert.equal(both.status, 200);
      assert.deepEqual(Object.keys(both.json.last_viewed_at_times), [town.id]);
      assertAppError(await call(server.url, 'POST', '/api/v4/channels/members/me/view', { body: { channel_id: town.id } }), 401);
    });

    await t.test('public channels of a team, for its members', async () => {
      await bob.createChannel({ team_id: team.id, name: 'hidden', display_name: 'Hidden', type: 'P' });
      const list = await carol.getChannels(team.id);
      const names = list.map((c: any) => c.name);
      for (const n of ['town-square', 'off-topic', 'open']) assert.ok(names.includes(n), n);
      assert.ok(!names.includes('hidden') && !names.includes('secret'));
      assert.ok(list.every((c: any) => c.type === 'O' && c.team_id === team.id));
      assert.deepEqual(names, [...names].sort((a: string, b: string) => list.find((c: any) => c.name === a).display_name.localeCompare(list.find((c: any) => c.name === b).display_name)));
      assert.equal((await carol.getChannels(team.id, 0, 2)).length, 2);
      assert.deepEqual((await carol.getChannels(team.id, 1, 2)).map((c: any) => c.id), list.slice(2, 4).map((c: any) => c.id));
      await assert.rejects(dave.getChannels(team.id), clientError(403, DENIED));
      assert.ok((await admin.getChannels(team.id)).length >= 3);
    });

    await t.test('users by id: the ones that exist, for anyone logged in', async () => {
      const users = await dave.getProfilesByIds([bobUser.id, carolUser.id, adminUser.id.replace(/.$/, 'x'), bobUser.id]);
      assert.deepEqual(users.map((u: any) => u.id).sort(), [bobUser.id, carolUser.id].sort());
      assert.equal(users[0].password, undefined);
      assert.equal(typeof users[0].username, 'string');
      await assert.rejects(dave.getProfilesByIds([]), clientError(400, 'api.context.invalid_body_param.app_error'));
      await assert.rejects(dave.getProfilesByIds(['nope']), clientError(400, 'api.context.invalid_body_param.app_error'));
      assertAppError(await call(server.url, 'POST', '/api/v4/users/ids', { token: dave.getToken(), body: { ids: [bobUser.id] } }), 400);
      assertAppError(await call(server.url, 'POST', '/api/v4/users/ids', { body: [bobUser.id] }), 401);
      void daveUser;
    });
  });
}
