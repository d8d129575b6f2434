// Turns a receiver's reply into posts in the triggering post's channel (spec §4), resolving the
// Slack references it makes, and saves them together with the delivery's outcome.
import type { AppContext } from '../context.js';
import type { Store } from '../../store/store.js';
import type { Post } from '../../domain/posts.js';
import { internal, type AppError } from '../../domain/errors.js';
import type { HookReply } from '../../domain/integration-posts/reply.js';
import { replyPostSteps, replyReferenceSteps, type ReplyPostInput, type ReplyPostResult } from '../../domain/integration-posts/reply-post.js';
import { newPost, savePosts } from '../posts.js';
import { isValidId } from '../../domain/ids.js';
import { inTurns, nextTurn } from '../event-loop.js';

/** The integration whose answer becomes posts (an outgoing webhook): named in logs, its team bounds the lookups. */
export type AnsweringIntegration = ReplyPostInput['hook'] & { id: string; team_id: string };

export type ReplyPlan =
  | { kind: 'none' }
  | { kind: 'refused'; error: AppError }
  | { kind: 'posts'; posts: Post[] };

// A reply is untrusted and up to 1 MiB: it can name tens of thousands of distinct ids, more than
// one SQL statement may bind (SQLite allows 32766). Only well-formed ids can exist, they are looked
// up in bounded batches, and past REFERENCE_LOOKUP_LIMIT distinct ids of a kind the rest stay
// unresolved and show their label (§11.3), as any unknown reference does.
export const REFERENCE_LOOKUP_LIMIT = 2000;
const LOOKUP_BATCH = 500;

const lookupable = (ids: string[]) => ids.filter(isValidId).slice(0, REFERENCE_LOOKUP_LIMIT);

// Each long step of a reply (finding its references, each batch of lookups, each step of building
// the posts, saving them) starts on a turn of its own, right before the work, so that a heavy
// reply never holds other requests up for long, even with many replies in progress (event-loop.ts).
async function lookupsFor(ctx: AppContext, reply: HookReply, teamId: string) {
  const refs = await inTurns(replyReferenceSteps(reply));
  const usernames = new Map<string, string>();
  const userIds = lookupable(refs.userIds);
  for (let i = 0; i < userIds.length; i += LOOKUP_BATCH) {
    await nextTurn();
    for (const u of await ctx.store.users.getMany(userIds.slice(i, i + LOOKUP_BATCH))) usernames.set(u.id, u.username);
  }
  const publicChannelNames = new Map<string, string>();
  const channelIds = lookupable(refs.channelIds);
  for (let i = 0; i < channelIds.length; i += LOOKUP_BATCH) {
    await nextTurn();
    for (const channel of await ctx.store.channels.getMany(channelIds.slice(i, i + LOOKUP_BATCH))) {
      // Only public channels of the hook's team resolve, so private channel names never leak.
      if (channel.type === 'O' && channel.team_id === teamId && channel.delete_at === 0) publicChannelNames.set(channel.id, channel.name);
    }
  }
  return { usernames, publicChannelNames };
}

/** Decides which posts a reply makes, without saving anything. */
export async function planReplyPosts(ctx: AppContext, hook: AnsweringIntegration, trigger: Post, reply: HookReply | null): Promise<ReplyPlan> {
  if (reply === null) return { kind: 'none' };
  const author = await ctx.store.users.get(hook.creator_id);
  const s = ctx.config.get().ServiceSettings;
  const lookups = await lookupsFor(ctx, reply, hook.team_id);
  let built: ReplyPostResult;
  try {
    built = await inTurns(replyPostSteps({
      reply,
      hook,
      triggerPost: trigger,
      settings: { enablePostUsernameOverride: s.EnablePostUsernameOverride, enablePostIconOverride: s.EnablePostIconOverride, maxPostSize: s.MaxPostSize },
      authorIsBot: author?.is_bot ?? false,
      lookups,
    }));
  } catch (e) {
    // The reply is untrusted input. Whatever in it the pure core fails on, the delivery must still
    // be recorded: an exception here would leave it claimed, to be sent again when its lease ends.
    ctx.logger.error('could not turn a webhook reply into posts', { hook_id: hook.id, error: String((e as Error)?.message ?? e) });
    return { kind: 'refused', error: internal('app.outgoing_webhook.reply.app_error', 'The reply of the outgoing webhook could not be processed.') };
  }
  if (!built.ok) return { kind: 'refused', error: built.error };
  if (built.posts.length === 0) return { kind: 'none' };
  // Each part gets its own, strictly increasing create_at so clients show them in order.
  const base = ctx.clock.now();
  const posts = built.posts.map((draft, i) => {
    const post = newPost(ctx, draft, built.authorId);
    post.create_at = post.update_at = base + i;
    return post;
  });
  return { kind: 'posts', posts };
}

/**
 * Saves reply posts and the delivery's outcome in one transaction, so a crash never leaves a reply
 * posted twice or a delivery finished without its reply. Reply posts never trigger webhooks.
 */
export async function saveReplyPosts(ctx: AppContext, hook: AnsweringIntegration, posts: Post[], recordOutcome: (tx: Store) => Promise<void>) {
  await nextTurn();
  const channel = await ctx.store.channels.get(posts[0].channel_id);
  const author = await ctx.store.users.get(hook.creator_id);
  if (!channel || !author) {
    await ctx.store.transaction(recordOutcome);
    return [];
  }
  return savePosts(ctx, posts, channel, author, { triggerWebhooks: false, setOnline: false, alsoInTransaction: recordOutcome });
}
