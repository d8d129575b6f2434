// The store contract: written once, run against every database adapter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../store.js';
import { isUniqueViolation } from '../sql/errors.js';
import { newId } from '../../adapters/ids.js';
import type { Post } from '../../domain/posts.js';
import type { UserWithPassword } from '../../domain/users.js';
import type { Channel } from '../../domain/channels.js';
import { deliveriesContract, destinationRoomsContract } from './deliveries.case.js';
import { outgoingHooksContract } from './outgoing-hooks.case.js';
import { channelReadsContract } from './channel-reads.case.js';

const user = (username: string, extra: Partial<UserWithPassword> = {}): UserWithPassword => ({
  id: newId(), create_at: 1, update_at: 1, delete_at: 0, username, email: `${username}@example.com`,
  nickname: '', first_name: '', last_name: '', position: '', roles: 'system_user', locale: 'en',
  is_bot: false, bot_description: '', last_password_update: 1, props: {}, notify_props: {},
  password_hash: 'hash', ...extra,
});

const channel = (teamId: string, name: string, type: Channel['type'] = 'O'): Channel => ({
  id: newId(), create_at: 1, update_at: 1, delete_at: 0, team_id: teamId, type, display_name: name, name,
  header: '', purpose: '', last_post_at: 0, last_root_post_at: 0, total_msg_count: 0, total_msg_count_root: 0, creator_id: '',
});

const post = (channelId: string, userId: string, createAt: number, extra: Partial<Post> = {}): Post => ({
  id: newId(), create_at: createAt, update_at: createAt, edit_at: 0, delete_at: 0, is_pinned: false,
  user_id: userId, channel_id: channelId, root_id: '', original_id: '', message: `m${createAt}`, type: '',
  props: { a: 'b' }, hashtags: '', file_ids: [], pending_post_id: '', reply_count: 0, last_reply_at: 0,
  participants: null, metadata: {}, ...extra,
});

export function storeContract(label: string, open: () => Promise<Store>) {
  let store: Store;
  test(`${label}: store contract`, async (t) => {
    store = await open();
    t.after(() => store.close());

    await t.test('users round-trip, unique usernames and emails, login lookup ignores case', async () => {
      const alice = user('alice', { email: 'Alice@Example.com', is_bot: true, props: { k: 'v' } });
      await store.users.insert(alice);
      const got = await store.users.get(alice.id);
      assert.equal(got?.username, 'alice');
      assert.equal(got?.is_bot, true);
      assert.deepEqual(got?.props, { k: 'v' });
      assert.equal((got as any).password_hash, undefined);
      assert.equal((await store.users.getForLogin('ALICE@example.COM'))?.id, alice.id);
      assert.equal((await store.users.getForLogin('Alice'))?.password_hash, 'hash');
      await assert.rejects(store.users.insert(user('alice')), (e) => isUniqueViolation(e));
      await assert.rejects(store.users.insert(user('other', { email: 'Alice@Example.com' })), (e) => isUniqueViolation(e));
      assert.equal(await store.users.count(), 1);
    });

    await t.test('transactions roll back every write together', async () => {
      const before = await store.users.count();
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.users.insert(user('txuser'));
          await tx.users.insert(user('txuser'));
        }),
      );
      assert.equal(await store.users.count(), before);
      await store.transaction(async (tx) => tx.users.insert(user('committed')));
      assert.equal(await store.users.count(), before + 1);
    });

    await t.test('teams, members and channels', async () => {
      const u = user('teamer');
      await store.users.insert(u);
      const team = { id: newId(), create_at: 5, update_at: 5, delete_at: 0, display_name: 'Team', name: 'team-a', description: '', email: '', type: 'O' as const, company_name: '', allowed_domains: '', invite_id: newId(), allow_open_invite: true };
      await store.teams.insert(team);
      assert.deepEqual(await store.teams.getByName('team-a'), team);
      await store.teams.upsertMember({ team_id: team.id, user_id: u.id, roles: 'team_user', delete_at: 0 }, 5);
      await store.teams.upsertMember({ team_id: team.id, user_id: u.id, roles: 'team_user team_admin', delete_at: 0 }, 6);
      assert.equal((await store.teams.getMember(team.id, u.id))?.roles, 'team_user team_admin');
      assert.deepEqual((await store.teams.listForUser(u.id)).map((x) => x.id), [team.id]);
      assert.equal(await store.teams.count(true), 1);
      assert.deepEqual((await store.users.list({ offset: 0, limit: 10 }, team.id)).map((x) => x.id), [u.id]);

      const c = channel(team.id, 'general');
      await store.channels.insert(c);
      await assert.rejects(store.channels.insert(channel(team.id, 'general')), (e) => isUniqueViolation(e));
      await store.channels.upsertMember({ channel_id: c.id, user_id: u.id, roles: 'channel_user', last_viewed_at: 0, last_update_at: 0, msg_count: 0, mention_count: 0, notify_props: { desktop: 'default' } });
      assert.deepEqual(await store.channels.memberUserIds(c.id), [u.id]);
      assert.deepEqual((await store.channels.getMember(c.id, u.id))?.notify_props, { desktop: 'default' });
      assert.deepEqual((await store.channels.listForUserInTeam(u.id, team.id)).map((x) => x.id), [c.id]);
      await store.channels.recordPost(c.id, 100, true);
      await store.channels.recordPost(c.id, 50, false);
      const counted = await store.channels.get(c.id);
      assert.equal(counted?.last_post_at, 100);
      assert.equal(counted?.total_msg_count, 2);
      assert.equal(counted?.total_msg_count_root, 1);
      assert.deepEqual(await store.channels.getMany([c.id, newId()]), [counted]);
      assert.deepEqual(await store.channels.getMany([]), []);
      await store.channels.removeMember(c.id, u.id);
      assert.deepEqual(await store.channels.memberUserIds(c.id), []);
    });

    await t.test('posts: pages newest first, since, neighbours, threads with reply counts', async () => {
      const channelId = newId();
      const userId = newId();
      const root = post(channelId, userId, 1000);
      const posts = [root, post(channelId, userId, 2000), post(channelId, userId, 3000, { root_id: root.id }), post(channelId, userId, 4000)];
      for (const p of posts) await store.posts.insert(p);
      const page = await store.posts.listPage(channelId, { offset: 0, limit: 2 }, false);
      assert.deepEqual(page.map((p) => p.create_at), [4000, 3000]);
      assert.deepEqual((await store.posts.listPage(channelId, { offset: 0, limit: 10 }, true)).map((p) => p.create_at), [4000, 2000, 1000]);
      const thread = await store.posts.thread(root.id);
      assert.deepEqual(thread.map((p) => p.id), [root.id, posts[2].id]);
      assert.equal(thread[0].reply_count, 1);
      assert.equal(thread[0].last_reply_at, 3000);
      assert.deepEqual((await store.posts.get(root.id))?.props, { a: 'b' });
      assert.equal((await store.posts.neighbour(channelId, posts[1], 'newer', false))?.id, posts[2].id);
      assert.equal((await store.posts.neighbour(channelId, posts[1], 'older', false))?.id, root.id);
      assert.deepEqual((await store.posts.listAround(channelId, posts[1], 'after', { offset: 0, limit: 5 })).map((p) => p.create_at), [4000, 3000]);
      assert.deepEqual((await store.posts.listAround(channelId, posts[1], 'before', { offset: 0, limit: 5 })).map((p) => p.create_at), [1000]);
      await store.posts.update({ ...posts[3], delete_at: 5000, update_at: 5000 });
      const since = await store.posts.listSince(channelId, 3500);
      assert.deepEqual(since.map((p) => [p.id, p.delete_at]), [[posts[3].id, 5000]]);
    });

    await t.test('outgoing hooks: the duplicate rule by index, the per-channel count', () => outgoingHooksContract(store));
    await t.test('channel reads: memberships per team, public channels, viewed and mention counts', () => channelReadsContract(store));

    await t.test('deliveries: leases, renewal, release at start, fenced outcomes, pruning, queue stats', () => deliveriesContract(store));
    await t.test('deliveries: claims share capacity out by destination; a destination can be deferred', () => destinationRoomsContract(store));

    await t.test('systems keep the first value stored', async () => {
      assert.equal(await store.systems.getOrInsert('DiagnosticId', 'one'), 'one');
      assert.equal(await store.systems.getOrInsert('DiagnosticId', 'two'), 'one');
    });
  });
}
