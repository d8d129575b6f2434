// One complete outgoing-webhook exchange for reply tests: a channel-only hook on a fresh channel whose
// receiver answers with the given reply, a user post that fires it, and the finished delivery with
// the posts it made.
import type { Receiver, Responder } from './receiver.js';
import { replyJson, startReceiver } from './receiver.js';
import { createHook, finishedDeliveries, replyPostsOf, type HookWorld, type Person } from './hooks.js';

export interface ExchangeOptions {
  /** Extra hook fields (username, icon_url, display_name, creator_id, ...). */
  hook?: Record<string, unknown>;
  message?: string;
  /** Post in this channel instead of a fresh one (the hook is bound to it). */
  channel?: { id: string; name: string };
  rootId?: string;
  author?: Person;
}

export interface Exchange {
  hook: any;
  trigger: any;
  channel: { id: string; name: string };
  delivery: any;
  posts: any[];
  receiver: Receiver;
}

export function exchanger(w: HookWorld, receivers: Receiver[]) {
  return async function exchange(reply: unknown | Responder, opts: ExchangeOptions = {}): Promise<Exchange> {
    const channel = opts.channel ?? (await w.newChannel('rx'));
    const receiver = await startReceiver(typeof reply === 'function' ? (reply as Responder) : replyJson(reply as object));
    receivers.push(receiver);
    const hook = await createHook(w.admin, {
      team_id: w.team.id, channel_id: channel.id, callback_urls: [receiver.url], display_name: 'Reply bot', ...opts.hook,
    });
    const author = opts.author ?? w.member;
    const trigger = await author.client.createPost({ channel_id: channel.id, message: opts.message ?? 'hello', root_id: opts.rootId ?? '' });
    const [delivery] = await finishedDeliveries(w, hook.id, trigger.id);
    return { hook, trigger, channel, delivery, posts: await replyPostsOf(w, delivery), receiver };
  };
}
