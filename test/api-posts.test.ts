// Posts through Client4: create, read, edit, soft delete, and the PostList reads (page, since,
// before/after, threads with perPage/direction/fromCreateAt). Expected orders are computed from
// the returned create_at and id, so posts made in the same millisecond do not make tests flaky.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { adminClient, startTestServer, userClient } from './support/server.js';
import { clientError } from './support/wire.js';

type P = { id: string; create_at: number };
/** Newest first, ties broken by id (descending), the server's order. */
const newestFirst = (posts: P[]) => [...posts].sort((a, b) => b.create_at - a.create_at || (a.id < b.id ? 1 : -1)).map((p) => p.id);

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: posts, post lists and threads`, async (t) => {
    const server = await startTestServer(kind);
    t.after(() => server.stop());
    const { client: admin } = await adminClient(server);
    const { client: bob, user: bobUser } = await userClient(server, admin);
    const { client: carol, user: carolUser } = await userClient(server, admin);
    const team = await admin.createTeam({ name: 'chatteam', display_name: 'Posts', type: 'O' });
    await admin.addToTeam(team.id, bobUser.id);
    await admin.addToTeam(team.id, carolUser.id);
    const ch = await bob.createChannel({ team_id: team.id, name: 'posts', display_name: 'Posts', type: 'O' });
    await bob.addToChannel(carolUser.id, ch.id);

    await t.test('create, get, edit, soft delete', async () => {
      const post = await bob.createPost({
        channel_id: ch.id, message: 'hello #world', pending_post_id: 'pending-1', user_id: carolUser.id, create_at: 5,
        props: { keep: 'yes', add_channel_member: 'x', force_notification: true },
      });
      assert.equal(post.user_id, bobUser.id, 'the server sets the author');
      assert.ok(post.create_at > 5);
      assert.equal(post.edit_at, 0);
      assert.equal(post.pending_post_id, 'pending-1');
      assert.equal(post.hashtags, '#world');
      assert.deepEqual(post.props, { keep: 'yes' });
      assert.deepEqual(post.file_ids, []);
      assert.deepEqual(post.metadata, {});
      assert.equal(post.is_pinned, false);
      // A priority keeps its three documented fields and nothing else (§6.4).
      const urgent = await bob.createPost({ channel_id: ch.id, message: 'now', metadata: { priority: { priority: 'urgent', requested_ack: true, junk: { deep: 1 } } } });
      assert.deepEqual(urgent.metadata, { priority: { priority: 'urgent', requested_ack: true } });
      // Custom types up to the stored width (64) are kept; longer ones are refused on every database.
      const custom = `custom_${'t'.repeat(57)}`;
      assert.equal((await bob.createPost({ channel_id: ch.id, message: 'typed', type: custom })).type, custom);
      await assert.rejects(bob.createPost({ channel_id: ch.id, message: 'typed', type: `${custom}t` }), clientError(400, 'model.post.is_valid.type.app_error'));
      assert.deepEqual(await carol.getPost(post.id), post);
      const edited = await bob.patchPost({ id: post.id, message: 'hello again' });
      assert.equal(edited.message, 'hello again');
      assert.ok(edited.edit_at > 0);
      assert.ok(edited.update_at > post.update_at);
      assert.equal(edited.hashtags, '');
      assert.equal((await carol.getPost(post.id)).message, 'hello again');
      await assert.rejects(carol.patchPost({ id: post.id, message: 'not yours' }), clientError(403, 'api.context.permissions.app_error'));
      await assert.rejects(carol.deletePost(post.id), clientError(403, 'api.context.permissions.app_error'));
      assert.equal((await admin.patchPost({ id: post.id, is_pinned: true })).is_pinned, true);
      assert.deepEqual(await bob.deletePost(post.id), { status: 'OK' });
      await assert.rejects(carol.getPost(post.id), clientError(404, 'app.post.get.app_error'));
      await assert.rejects(bob.patchPost({ id: post.id, message: 'zombie' }), clientError(404));
      await assert.rejects(bob.deletePost(post.id), clientError(404));
      await assert.rejects(bob.createPost({ channel_id: ch.id, message: 'reply to the dead', root_id: post.id }), clientError(400, 'api.post.create_post.root_id.app_error'));
      const since = await carol.getPostsSince(ch.id, post.create_at - 1);
      assert.ok(since.posts[post.id].delete_at > 0, 'since includes the deleted post');
      assert.equal(since.next_post_id, '');
      assert.equal(since.prev_post_id, '');
      assert.ok(!(await carol.getPosts(ch.id)).order.includes(post.id));
    });

    await t.test('a user post cannot choose the name and icon it shows, on create or patch', async () => {
      const forged = {
        from_webhook: 'true', override_username: 'ceo', override_icon_url: 'http://evil.example/ceo.png',
        override_icon_emoji: ':lock:', webhook_display_name: 'Payroll', from_bot: 'true', keep: 'yes',
      };
      const post = await bob.createPost({ channel_id: ch.id, message: 'I am the CEO', props: forged });
      assert.deepEqual(post.props, { keep: 'yes' });
      assert.deepEqual((await carol.getPost(post.id)).props, { keep: 'yes' });
      const patched = await bob.patchPost({ id: post.id, props: { ...forged, keep: 'again' } });
      assert.deepEqual(patched.props, { keep: 'again' });
      assert.deepEqual((await carol.getPost(post.id)).props, { keep: 'again' });
      // An admin editing someone else's post gets no further.
      assert.deepEqual((await admin.patchPost({ id: post.id, props: forged })).props, { keep: 'yes' });
    });

    await t.test('paging, since, before and after', async () => {
      const ch2 = await bob.createChannel({ team_id: team.id, name: 'paging', display_name: 'Paging', type: 'O' });
      const made: P[] = [];
      for (let i = 0; i < 7; i++) made.push(await bob.createPost({ channel_id: ch2.id, message: `m${i}` }));
      const order = newestFirst(made);
      const all = await bob.getPosts(ch2.id, 0, 60);
      assert.deepEqual(all.order, order);
      assert.equal(all.next_post_id, '');
      assert.equal(all.prev_post_id, '');
      const p1 = await bob.getPosts(ch2.id, 1, 3);
      assert.deepEqual(p1.order, order.slice(3, 6));
      assert.deepEqual(Object.keys(p1.posts).sort(), order.slice(3, 6).sort());
      assert.equal(p1.next_post_id, order[2]);
      assert.equal(p1.prev_post_id, order[6]);
      assert.deepEqual((await bob.getPosts(ch2.id, 3, 3)).order, []);
      assert.deepEqual((await bob.getPosts(ch2.id, 0, 1000)).order, order, 'per_page above 200 is capped, not refused');
      const huge = await bob.doFetch(`${bob.getChannelRoute(ch2.id)}/posts?page=99999999999999999999&per_page=60`, { method: 'get' });
      assert.deepEqual(huge.order, []);
      const bad = await bob.doFetch(`${bob.getChannelRoute(ch2.id)}/posts?page=-1&per_page=abc`, { method: 'get' });
      assert.deepEqual(bad.order, order, 'bad paging values fall back to the defaults');
      // Before and after a pivot in the middle.
      const pivot = order[3];
      assert.deepEqual((await bob.getPostsBefore(ch2.id, pivot, 0, 2)).order, order.slice(4, 6));
      assert.deepEqual((await bob.getPostsBefore(ch2.id, pivot, 1, 2)).order, order.slice(6));
      assert.deepEqual((await bob.getPostsAfter(ch2.id, pivot, 0, 2)).order, order.slice(1, 3));
      assert.deepEqual((await bob.getPostsAfter(ch2.id, pivot, 0, 60)).order, order.slice(0, 3));
      // Since: an edit after everything shows up, with its new update_at.
      const newest = Math.max(...made.map((p) => p.create_at));
      assert.deepEqual((await bob.getPostsSince(ch2.id, newest)).order, []);
      const edited = await bob.patchPost({ id: order[6], message: 'changed' });
      const since = await bob.getPostsSince(ch2.id, newest);
      assert.deepEqual(since.order, [order[6]]);
      assert.equal(since.posts[order[6]].update_at, edited.update_at);
    });

    await t.test('threads: replies, counts, collapsed lists, perPage, direction, fromCreateAt', async () => {
      const ch3 = await bob.createChannel({ team_id: team.id, name: 'threads', display_name: 'Threads', type: 'O' });
      await bob.addToChannel(carolUser.id, ch3.id);
      const root = await bob.createPost({ channel_id: ch3.id, message: 'root' });
      const replies: P[] = [];
      for (let i = 0; i < 5; i++) replies.push(await (i % 2 ? carol : bob).createPost({ channel_id: ch3.id, message: `r${i}`, root_id: root.id }));
      const other = await carol.createPost({ channel_id: ch3.id, message: 'unrelated' });
      const down = [...newestFirst(replies)].reverse(); // oldest reply first
      const full = await carol.getPostThread(root.id);
      assert.deepEqual(full.order, newestFirst([root, ...replies]));
      assert.equal(full.posts[root.id].reply_count, 5);
      assert.ok(!full.order.includes(other.id));
      assert.deepEqual((await carol.getPostThread(down[2])).order, full.order, 'any reply gives the whole thread');
      // Replying to a reply, or across channels, is refused.
      await assert.rejects(bob.createPost({ channel_id: ch3.id, message: 'x', root_id: down[0] }), clientError(400, 'api.post.create_post.root_id.app_error'));
      await assert.rejects(bob.createPost({ channel_id: ch.id, message: 'x', root_id: root.id }), clientError(400, 'api.post.create_post.root_id.app_error'));
      // Paged thread reads.
      const page1 = await carol.getPaginatedPostThread(root.id, { perPage: 2, direction: 'down' });
      assert.deepEqual(new Set(page1.order), new Set([root.id, down[0], down[1]]));
      assert.equal(page1.has_next, true);
      const last = page1.posts[down[1]];
      const page2 = await carol.getPaginatedPostThread(root.id, { perPage: 2, direction: 'down', fromCreateAt: last.create_at, fromPost: last.id });
      assert.deepEqual(new Set(page2.order), new Set([root.id, down[2], down[3]]));
      const page3 = await carol.getPaginatedPostThread(root.id, { perPage: 2, direction: 'down', fromCreateAt: page2.posts[down[3]].create_at, fromPost: down[3] });
      assert.deepEqual(new Set(page3.order), new Set([root.id, down[4]]));
      assert.equal(page3.has_next, false);
      const up = await carol.getPaginatedPostThread(root.id, { perPage: 2, direction: 'up' });
      assert.deepEqual(new Set(up.order), new Set([root.id, down[4], down[3]]));
      assert.deepEqual((await carol.getPaginatedPostThread(root.id, { fetchAll: true })).order, full.order);
      // Channel lists: replies bring their root unless skipped; collapsed lists hold roots only.
      const newest2 = await carol.getPosts(ch3.id, 0, 2);
      assert.deepEqual(newest2.order, newestFirst([other, ...replies]).slice(0, 2));
      assert.ok(newest2.posts[root.id], 'the root of a reply on the page is included');
      assert.equal(newest2.posts[root.id].reply_count, 5);
      const skipped = await carol.getPosts(ch3.id, 0, 2, false);
      assert.deepEqual(Object.keys(skipped.posts).sort(), [...skipped.order].sort());
      const collapsed = await carol.getPosts(ch3.id, 0, 60, true, true);
      assert.deepEqual(collapsed.order, newestFirst([root, other]));
      // Deleting a reply drops it from the thread and the count.
      await carol.deletePost(down[1]);
      const after = await bob.getPostThread(root.id);
      assert.ok(!after.order.includes(down[1]));
      assert.equal(after.posts[root.id].reply_count, 4);
    });
  });
}
