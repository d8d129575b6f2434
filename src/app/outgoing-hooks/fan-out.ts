// Turns a committed user post into queued deliveries: one per (matching hook, callback URL), written
// in the post's own transaction so a crash can never lose them (spec §2, §3.5). Each keeps the
// payload as it is now, so a retry or a redelivery sends the post as it was when it triggered, not a
// later edit; only the token is left to be filled in when sending.
import type { AppContext } from '../context.js';
import type { PostTrigger } from '../post-triggers.js';
import type { Post } from '../../domain/posts.js';
import type { Delivery } from '../../domain/delivery/delivery.js';
import { isLivePublicChannel } from '../../domain/channels.js';
import { buildPayload, withoutToken } from '../../domain/outgoing-hooks/payload.js';
import { destinationOf } from '../../domain/delivery/destination.js';
import type { HookRegistry } from './registry.js';

export interface FanOutDeps {
  registry: HookRegistry;
  /** Wakes the delivery worker once the deliveries are committed. */
  wake(): void;
}

export interface FanOut extends PostTrigger {
  /** Call once a post is committed (on `post.created`): wakes the worker if it queued deliveries. */
  afterCommit(post: Post): void;
}

export function outgoingHookFanOut(ctx: AppContext, deps: FanOutDeps): FanOut {
  const queued = new Set<string>();
  return {
    async inTransaction(tx, post, channel, author) {
      if (!ctx.config.get().ServiceSettings.EnableOutgoingWebhooks) return;
      // Only public channels fire, judged at the time of the post (§2.1 gate 3).
      if (!isLivePublicChannel(channel)) return;
      const matches = deps.registry.match(channel.team_id, channel.id, post.message);
      if (matches.length === 0) return;
      const team = { name: (await tx.teams.get(channel.team_id))?.name ?? '' };
      const now = ctx.clock.now();
      const deliveries: Delivery[] = [];
      for (const { hook, triggerWord } of matches) {
        const payload = withoutToken(buildPayload({ hook, triggerWord, post, channel, team, user: author }));
        for (const url of hook.callback_urls) {
          deliveries.push({
            id: ctx.newId(), hook_id: hook.id, post_id: post.id, callback_url: url, destination: destinationOf(url),
            trigger_word: triggerWord, is_test: false, payload, seq: deliveries.length, state: 'pending', attempt_count: 0,
            create_at: now, update_at: now, next_attempt_at: now, deferred_until: 0, last_status_code: 0, last_error: '',
            reply_post_ids: [], reply_error: '',
          });
        }
      }
      await tx.deliveries.insert(deliveries);
      queued.add(post.id);
    },
    afterCommit(post) {
      if (queued.delete(post.id)) deps.wake();
    },
  };
}
