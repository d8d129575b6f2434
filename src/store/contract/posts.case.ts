// Store contract for posts: pages newest first, changes since a moment, neighbours and threads.
// Run by store.case.ts on every database.
import assert from 'node:assert/strict';
import { newId } from '../../adapters/ids.js';
import type { ContractCase } from './contract-case.js';
import { assertUniqueViolation } from './contract-case.js';
import { post } from './records.js';

export const postsCases: ContractCase[] = [
  {
    name: 'posts: pages newest first, since, neighbours, threads with reply counts',
    async run(store) {
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
    },
  },
  {
    name: 'a post id already stored is a UniqueViolation',
    async run(store) {
      const p = post(newId(), newId(), 1);
      await store.posts.insert(p);
      await assertUniqueViolation(store.posts.insert({ ...p, message: 'again' }), 'posts', ['id']);
      assert.equal((await store.posts.get(p.id))?.message, p.message);
    },
  },
];
