// Creating, editing and deleting posts. Every new post is saved in one transaction with whatever
// must commit alongside it (the post triggers: the outgoing-webhook outbox), then published.
import type { AppContext, Caller } from './context.js';
import { invalid, invalidBodyParam, isAppError, notFound, permissionDenied } from '../domain/errors.js';
import { checkedPriority, codePointLength, messageTooLong, postTypeError, userPostProps, type Post, type PostDraft, type PostMetadata } from '../domain/posts.js';
import { isValidId } from '../domain/ids.js';
import type { Channel } from '../domain/channels.js';
import type { User } from '../domain/users.js';
import { parseHashtags, parseMentions } from '../domain/mentions.js';
import { callerIsAdmin, canPostInChannel, canReadChannel } from './permissions.js';
import type { Store } from '../store/store.js';
import { nextTurn } from './event-loop.js';
import { countMentions } from './channel-reads.js';

export const postNotFound = () => notFound('app.post.get.app_error', 'Unable to get the post.');
const badRoot = () => invalid('api.post.create_post.root_id.app_error', 'Invalid RootId parameter.');

export interface SaveOptions {
  /** Only posts made by people (and bots) through the API set this; it is what prevents loops. */
  triggerWebhooks: boolean;
  setOnline: boolean;
}

/** The user-facing create path: `POST /api/v4/posts`. */
export async function createUserPost(ctx: AppContext, caller: Caller, draft: PostDraft): Promise<Post> {
  if (!isValidId(draft.channel_id)) throw invalidBodyParam('channel_id');
  const channel = await ctx.store.channels.get(draft.channel_id);
  if (!channel || channel.delete_at !== 0 || !(await canPostInChannel(ctx, caller, channel))) throw permissionDenied();
  const max = ctx.config.get().ServiceSettings.MaxPostSize;
  if (codePointLength(draft.message) > max) throw messageTooLong(max);
  const type = draft.type ?? '';
  const typeProblem = postTypeError(type);
  if (typeProblem) throw typeProblem;
  const rootId = draft.root_id ?? '';
  if (rootId) {
    const root = isValidId(rootId) ? await ctx.store.posts.get(rootId) : null;
    if (!root || root.root_id !== '' || root.channel_id !== channel.id || root.delete_at !== 0) throw badRoot();
  }
  const fileIds = draft.file_ids ?? [];
  if (fileIds.length > 10 || !fileIds.every(isValidId)) throw invalidBodyParam('file_ids');
  const metadata = userMetadata(draft.metadata, rootId);
  const author = await ctx.store.users.get(caller.userId);
  if (!author) throw permissionDenied();
  const props = userPostProps(draft.props ?? {}, author.is_bot);
  const post = newPost(ctx, { ...draft, type, root_id: rootId, props, file_ids: fileIds, metadata }, author.id);
  return savePost(ctx, post, channel, author, { triggerWebhooks: true, setOnline: true });
}

function userMetadata(metadata: PostMetadata | undefined, rootId: string): PostMetadata {
  if (metadata?.priority === undefined) return {};
  const priority = checkedPriority(metadata.priority, rootId);
  if (isAppError(priority)) throw priority;
  return { priority };
}

export function newPost(ctx: AppContext, draft: PostDraft, userId: string): Post {
  const now = ctx.clock.now();
  return {
    id: ctx.newId(), create_at: now, update_at: now, edit_at: 0, delete_at: 0, is_pinned: false,
    user_id: userId, channel_id: draft.channel_id, root_id: draft.root_id ?? '', original_id: '',
    message: draft.message, type: draft.type ?? '', props: draft.props ?? {}, hashtags: parseHashtags(draft.message),
    file_ids: draft.file_ids ?? [], pending_post_id: draft.pending_post_id ?? '', reply_count: 0, last_reply_at: 0,
    participants: null, metadata: draft.metadata ?? {},
  };
}

/**
 * Saves fully built posts of one channel and author. The post triggers' work (the delivery outbox)
 * and the caller's own (`alsoInTransaction`) commit with them; the events are published only once
 * everything is committed. Several posts (a long webhook reply) are handled one per turn of the
 * event loop, so other requests are served in between.
 */
export async function savePosts(
  ctx: AppContext,
  posts: Post[],
  channel: Channel,
  author: User,
  opts: SaveOptions & { alsoInTransaction?: (tx: Store) => Promise<void> },
): Promise<Post[]> {
  await ctx.store.transaction(async (tx) => {
    for (const [i, post] of posts.entries()) {
      if (i > 0) await nextTurn();
      await tx.posts.insert(post);
      await tx.channels.recordPost(channel.id, post.create_at, post.root_id === '');
      if (opts.triggerWebhooks) await ctx.postTriggers.run(tx, post, channel, author);
    }
    await opts.alsoInTransaction?.(tx);
  });
  const memberIds = await ctx.store.channels.memberUserIds(channel.id);
  const mentions = mentionFinder(ctx, memberIds);
  const saved: Post[] = [];
  for (const [i, post] of posts.entries()) {
    if (i > 0) await nextTurn();
    const stored = (await ctx.store.posts.get(post.id)) ?? post;
    saved.push(stored);
    const mentioned = await mentions(stored);
    await countMentions(ctx, channel, stored, mentioned, memberIds);
    ctx.events.publish('post.created', { post: stored, channel, author, memberIds, setOnline: opts.setOnline, mentions: mentioned });
    if (stored.root_id) {
      const root = await ctx.store.posts.get(stored.root_id);
      if (root) ctx.events.publish('post.edited', { post: root, memberIds });
    }
  }
  return saved;
}

export const savePost = async (ctx: AppContext, post: Post, channel: Channel, author: User, opts: SaveOptions) =>
  (await savePosts(ctx, [post], channel, author, opts))[0];

/** The ids a post mentions among the channel's members; the members are read once, when first needed. */
function mentionFinder(ctx: AppContext, memberIds: string[]) {
  let members: Promise<User[]> | null = null;
  return async (post: Post): Promise<string[]> => {
    const { usernames, channelWide } = parseMentions(post.message);
    const others = memberIds.filter((id) => id !== post.user_id);
    if (channelWide) return others;
    if (usernames.length === 0) return [];
    members ??= ctx.store.users.getMany(memberIds);
    return (await members).filter((u) => u.id !== post.user_id && usernames.includes(u.username)).map((u) => u.id);
  };
}

export async function getPost(ctx: AppContext, caller: Caller, id: string, includeDeleted: boolean): Promise<Post> {
  const post = await ctx.store.posts.get(id);
  if (!post || (post.delete_at !== 0 && !(includeDeleted && callerIsAdmin(caller)))) throw postNotFound();
  const channel = await ctx.store.channels.get(post.channel_id);
  if (!channel || !(await canReadChannel(ctx, caller, channel))) throw permissionDenied();
  return post;
}

async function editablePost(ctx: AppContext, caller: Caller, id: string): Promise<Post> {
  const post = await ctx.store.posts.get(id);
  if (!post || post.delete_at !== 0) throw postNotFound();
  if (post.user_id !== caller.userId && !callerIsAdmin(caller)) throw permissionDenied();
  return post;
}

export interface PostPatch {
  message?: string;
  is_pinned?: boolean;
  props?: Record<string, unknown>;
}

/** Edits never trigger outgoing webhooks. */
export async function patchPost(ctx: AppContext, caller: Caller, id: string, patch: PostPatch): Promise<Post> {
  const post = await editablePost(ctx, caller, id);
  const max = ctx.config.get().ServiceSettings.MaxPostSize;
  if (patch.message !== undefined && codePointLength(patch.message) > max) throw messageTooLong(max);
  const now = Math.max(ctx.clock.now(), post.update_at + 1);
  let props = post.props;
  if (patch.props !== undefined) {
    // The post's author, not the caller, decides whether from_bot may stay: an admin may edit others' posts.
    const author = await ctx.store.users.get(post.user_id);
    props = userPostProps(patch.props, author?.is_bot ?? false, post.props);
  }
  const updated: Post = {
    ...post,
    message: patch.message ?? post.message,
    hashtags: patch.message === undefined ? post.hashtags : parseHashtags(patch.message),
    is_pinned: patch.is_pinned ?? post.is_pinned,
    props,
    edit_at: patch.message !== undefined ? now : post.edit_at,
    update_at: now,
  };
  await ctx.store.posts.update(updated);
  ctx.events.publish('post.edited', { post: updated, memberIds: await ctx.store.channels.memberUserIds(post.channel_id) });
  return updated;
}

export async function deletePost(ctx: AppContext, caller: Caller, id: string): Promise<void> {
  const post = await editablePost(ctx, caller, id);
  const now = Math.max(ctx.clock.now(), post.update_at + 1);
  const deleted = { ...post, delete_at: now, update_at: now };
  await ctx.store.posts.update(deleted);
  ctx.events.publish('post.deleted', { post: deleted, memberIds: await ctx.store.channels.memberUserIds(post.channel_id) });
}
