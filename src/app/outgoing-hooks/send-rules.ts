// The rules a queued delivery must still meet at the moment it is sent, and when someone asks for it
// to be sent again: its hook is live (and enabled, unless it is a test), the callback URL is still
// one of the hook's (the body carries the hook's current token, which a dropped URL, perhaps a leaked
// one, must never receive), its creator is not deactivated, the post is not deleted, and its channel
// is public. A delivery that
// breaks one is cancelled, never sent; none of these is the receiver's doing, so none counts towards
// auto-disable.
import type { AppContext } from '../context.js';
import type { StoredHook } from '../../domain/outgoing-hooks/hook.js';
import type { Delivery } from '../../domain/delivery/delivery.js';
import type { Post } from '../../domain/posts.js';
import { isLivePublicChannel, type Channel } from '../../domain/channels.js';

export type NotSendableReason =
  | 'hook_deleted' | 'hook_disabled' | 'url_removed' | 'creator_deactivated' | 'post_deleted' | 'channel_not_public';

export type SendCheck =
  /** `post` and `channel` are null for a test delivery, which has neither. */
  | { kind: 'sendable'; hook: StoredHook; post: Post | null; channel: Channel | null }
  | { kind: 'not_sendable'; reason: NotSendableReason; message: string };

const refuse = (reason: NotSendableReason, message: string): SendCheck => ({ kind: 'not_sendable', reason, message });

export async function checkSendable(ctx: AppContext, hook: StoredHook | null, d: Delivery): Promise<SendCheck> {
  if (!hook) return refuse('hook_deleted', 'the outgoing webhook was deleted');
  if (hook.disabled_at !== 0 && !d.is_test) return refuse('hook_disabled', 'the outgoing webhook is disabled');
  if (!hook.callback_urls.includes(d.callback_url)) {
    return refuse('url_removed', `the callback URL ${d.callback_url} is no longer one of the hook's callback URLs`);
  }
  if (d.is_test) return { kind: 'sendable', hook, post: null, channel: null };
  // A deactivated creator's hooks stop at once, retries queued before the deactivation included.
  const creator = await ctx.store.users.get(hook.creator_id);
  if (!creator || creator.delete_at !== 0) return refuse('creator_deactivated', "the outgoing webhook's creator is deactivated");
  const post = await ctx.store.posts.get(d.post_id);
  if (!post || post.delete_at !== 0) return refuse('post_deleted', 'the post was deleted');
  const channel = await ctx.store.channels.get(post.channel_id);
  if (!isLivePublicChannel(channel)) {
    return refuse('channel_not_public', channel && channel.delete_at === 0 ? 'the channel is no longer public' : 'the channel was archived');
  }
  return { kind: 'sendable', hook, post, channel };
}
