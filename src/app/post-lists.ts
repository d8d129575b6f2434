// Reading posts as Mattermost's PostList: channel pages, changes since a time, and threads.
import type { AppContext, Caller } from './context.js';
import { invalidParam, permissionDenied } from '../domain/errors.js';
import type { Post } from '../domain/posts.js';
import type { Page } from '../domain/paging.js';
import { canReadChannel } from './permissions.js';
import { channelNotFound } from './channels.js';
import { postNotFound } from './posts.js';
import { isValidId } from '../domain/ids.js';

export interface PostList {
  order: string[];
  posts: Record<string, Post>;
  next_post_id: string;
  prev_post_id: string;
  has_next?: boolean;
  first_inaccessible_post_time: number;
}

const listOf = (ordered: Post[], extra: Post[] = []): PostList => {
  const posts: Record<string, Post> = {};
  for (const p of [...extra, ...ordered]) posts[p.id] = p;
  return { order: ordered.map((p) => p.id), posts, next_post_id: '', prev_post_id: '', first_inaccessible_post_time: 0 };
};

async function readableChannel(ctx: AppContext, caller: Caller, channelId: string) {
  const channel = await ctx.store.channels.get(channelId);
  if (!channel) throw channelNotFound();
  if (!(await canReadChannel(ctx, caller, channel))) throw permissionDenied();
  return channel;
}

export type ChannelPostsQuery =
  | { mode: 'page'; page: Page; collapsedThreads: boolean; skipFetchThreads: boolean }
  | { mode: 'since'; since: number; skipFetchThreads: boolean }
  | { mode: 'around'; pivotId: string; direction: 'before' | 'after'; page: Page; skipFetchThreads: boolean };

export async function channelPosts(ctx: AppContext, caller: Caller, channelId: string, q: ChannelPostsQuery): Promise<PostList> {
  await readableChannel(ctx, caller, channelId);
  const rootsOnly = q.mode === 'page' && q.collapsedThreads;
  let posts: Post[];
  if (q.mode === 'since') posts = await ctx.store.posts.listSince(channelId, q.since);
  else if (q.mode === 'page') posts = await ctx.store.posts.listPage(channelId, q.page, rootsOnly);
  else {
    const pivot = isValidId(q.pivotId) ? await ctx.store.posts.get(q.pivotId) : null;
    if (!pivot || pivot.channel_id !== channelId) throw postNotFound();
    posts = await ctx.store.posts.listAround(channelId, pivot, q.direction, q.page);
  }
  const list = listOf(posts, q.skipFetchThreads ? [] : await missingRoots(ctx, posts));
  if (q.mode !== 'since' && posts.length > 0) {
    const [newest, oldest] = [posts[0], posts[posts.length - 1]];
    list.next_post_id = (await ctx.store.posts.neighbour(channelId, newest, 'newer', rootsOnly))?.id ?? '';
    list.prev_post_id = (await ctx.store.posts.neighbour(channelId, oldest, 'older', rootsOnly))?.id ?? '';
  }
  return list;
}

/** Roots of replies on the page that are not on it, so clients can show "replied to" context. */
async function missingRoots(ctx: AppContext, posts: Post[]): Promise<Post[]> {
  const have = new Set(posts.map((p) => p.id));
  const wanted = [...new Set(posts.map((p) => p.root_id).filter((id) => id && !have.has(id)))];
  const roots = await Promise.all(wanted.map((id) => ctx.store.posts.get(id)));
  return roots.filter((p): p is Post => !!p && p.delete_at === 0);
}

export interface ThreadQuery {
  perPage?: number;
  direction: 'up' | 'down';
  fromCreateAt?: number;
  fromPost?: string;
}

export async function postThread(ctx: AppContext, caller: Caller, postId: string, q: ThreadQuery): Promise<PostList> {
  const post = await ctx.store.posts.get(postId);
  if (!post || post.delete_at !== 0) throw postNotFound();
  await readableChannel(ctx, caller, post.channel_id);
  const all = await ctx.store.posts.thread(post.root_id || post.id);
  const root = all.find((p) => p.root_id === '');
  if (!root) throw postNotFound();
  let replies = all.filter((p) => p !== root);
  if (q.direction === 'up') replies.reverse();
  if (q.fromCreateAt !== undefined) {
    const from = { create_at: q.fromCreateAt, id: q.fromPost ?? '' };
    const after = (p: Post) =>
      q.direction === 'down'
        ? p.create_at > from.create_at || (p.create_at === from.create_at && from.id !== '' && p.id > from.id)
        : p.create_at < from.create_at || (p.create_at === from.create_at && from.id !== '' && p.id < from.id);
    replies = replies.filter(after);
  }
  let hasNext = false;
  if (q.perPage !== undefined) {
    hasNext = replies.length > q.perPage;
    replies = replies.slice(0, q.perPage);
  }
  const ordered = [root, ...replies].sort((a, b) => b.create_at - a.create_at || (b.id < a.id ? -1 : 1));
  const list = listOf(ordered);
  if (q.perPage !== undefined) list.has_next = hasNext;
  return list;
}

export function parseThreadQuery(query: Record<string, string | undefined>): ThreadQuery {
  const q: ThreadQuery = { direction: 'down' };
  if (query.perPage !== undefined) {
    const n = Number(query.perPage);
    if (!/^\d+$/.test(query.perPage) || n > 200) throw invalidParam('perPage');
    q.perPage = n;
  }
  if (query.direction !== undefined && query.direction !== '') {
    if (query.direction !== 'up' && query.direction !== 'down') throw invalidParam('direction');
    q.direction = query.direction;
  }
  const fromCreateAt = query.fromCreateAt;
  if (query.fromPost && fromCreateAt === undefined) throw invalidParam('fromCreateAt');
  if (fromCreateAt !== undefined && query.fromUpdateAt !== undefined) throw invalidParam('fromUpdateAt');
  if (fromCreateAt !== undefined) {
    if (!/^\d+$/.test(fromCreateAt)) throw invalidParam('fromCreateAt');
    q.fromCreateAt = Number(fromCreateAt);
    if (query.fromPost) q.fromPost = query.fromPost;
  }
  return q;
}
