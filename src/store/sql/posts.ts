// Posts in SQL. Reply counts are derived from the replies themselves rather than stored, so they
// can never drift from the thread.
import type { Post } from '../../domain/posts.js';
import type { PostsStore } from '../store.js';
import type { Page } from '../../domain/paging.js';
import type { PostsTable } from '../tables.js';
import type { Executor } from './executor.js';
import { fromFlag, parseJson, toFlag } from './json-columns.js';

type Pivot = { create_at: number; id: string };

function toPost(row: PostsTable): Post {
  return {
    ...row,
    is_pinned: fromFlag(row.is_pinned),
    props: parseJson(row.props, {}),
    file_ids: parseJson(row.file_ids, []),
    metadata: parseJson(row.metadata, {}),
    reply_count: 0,
    last_reply_at: 0,
    participants: null,
  };
}

function toRow(p: Post): PostsTable {
  const { reply_count: _r, last_reply_at: _l, participants: _p, ...rest } = p;
  return {
    ...rest,
    is_pinned: toFlag(p.is_pinned),
    props: JSON.stringify(p.props),
    file_ids: JSON.stringify(p.file_ids),
    metadata: JSON.stringify(p.metadata),
  };
}

export class SqlPosts implements PostsStore {
  constructor(private readonly db: Executor) {}

  /** Fills reply_count and last_reply_at for every thread the posts belong to. */
  private async withThreadStats(posts: Post[]): Promise<Post[]> {
    const rootIds = [...new Set(posts.map((p) => p.root_id || p.id))];
    if (rootIds.length === 0) return posts;
    const stats = await this.db
      .selectFrom('posts')
      .select((eb) => ['root_id', eb.fn.countAll<number>().as('n'), eb.fn.max('create_at').as('last')])
      .where('root_id', 'in', rootIds)
      .where('delete_at', '=', 0)
      .groupBy('root_id')
      .execute();
    const byRoot = new Map(stats.map((s) => [s.root_id, s]));
    return posts.map((p) => {
      const s = byRoot.get(p.root_id || p.id);
      return s ? { ...p, reply_count: Number(s.n), last_reply_at: Number(s.last) } : p;
    });
  }

  async insert(p: Post) {
    await this.db.insertInto('posts').values(toRow(p)).execute();
  }

  async get(id: string) {
    const row = await this.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await this.withThreadStats([toPost(row)]))[0] : null;
  }

  async update(p: Post) {
    const { id, ...rest } = toRow(p);
    await this.db.updateTable('posts').set(rest).where('id', '=', id).execute();
  }

  async listPage(channelId: string, page: Page, rootsOnly: boolean) {
    let q = this.db.selectFrom('posts').selectAll().where('channel_id', '=', channelId).where('delete_at', '=', 0);
    if (rootsOnly) q = q.where('root_id', '=', '');
    const rows = await q.orderBy('create_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
    return this.withThreadStats(rows.map(toPost));
  }

  async listSince(channelId: string, since: number) {
    const rows = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('update_at', '>', since)
      .orderBy('create_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1000)
      .execute();
    return this.withThreadStats(rows.map(toPost));
  }

  /** Live posts of a channel strictly older or newer than the pivot, nearest first. */
  private beyond(channelId: string, pivot: Pivot, older: boolean) {
    const cmp = older ? '<' : '>';
    const dir = older ? 'desc' : 'asc';
    return this.db
      .selectFrom('posts')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('delete_at', '=', 0)
      .where((eb) => eb.or([eb('create_at', cmp, pivot.create_at), eb.and([eb('create_at', '=', pivot.create_at), eb('id', cmp, pivot.id)])]))
      .orderBy('create_at', dir)
      .orderBy('id', dir);
  }

  async listAround(channelId: string, pivot: Pivot, direction: 'before' | 'after', page: Page) {
    const older = direction === 'before';
    const rows = await this.beyond(channelId, pivot, older).offset(page.offset).limit(page.limit).execute();
    const posts = rows.map(toPost);
    if (!older) posts.reverse();
    return this.withThreadStats(posts);
  }

  async thread(rootId: string) {
    const rows = await this.db
      .selectFrom('posts')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', rootId), eb('root_id', '=', rootId)]))
      .where('delete_at', '=', 0)
      .orderBy('create_at')
      .orderBy('id')
      .execute();
    return this.withThreadStats(rows.map(toPost));
  }

  async neighbour(channelId: string, pivot: Pivot, direction: 'newer' | 'older', rootsOnly: boolean) {
    let q = this.beyond(channelId, pivot, direction === 'older');
    if (rootsOnly) q = q.where('root_id', '=', '');
    const row = await q.limit(1).executeTakeFirst();
    return row ? toPost(row) : null;
  }
}
