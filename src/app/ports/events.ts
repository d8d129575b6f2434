// The event bus: what has happened, told to whoever follows it. The use cases publish; the websocket
// hub (post events, revoked sessions) and the outgoing-hook trigger index (hook changes, accounts
// switched off and on) subscribe, and a later adapter will carry the same events to the other nodes
// of a cluster. Events are facts after the fact: work that must commit with a change is not one
// (see post-triggers.ts).
import type { Post } from '../../domain/posts.js';
import type { Channel } from '../../domain/channels.js';
import type { User } from '../../domain/users.js';
import type { StoredHook } from '../../domain/outgoing-hooks/hook.js';
import type { Config } from '../../config/schema.js';

export interface AppEvents {
  /** An outgoing webhook was created, edited, disabled, enabled or deleted; `hook` is how it is now. */
  'hook.changed': { hook: StoredHook };
  /** A post was saved and committed; `memberIds` are the channel's members, `mentions` those it mentions. */
  'post.created': { post: Post; channel: Channel; author: User; memberIds: string[]; setOnline: boolean; mentions: string[] };
  'post.edited': { post: Post; memberIds: string[] };
  'post.deleted': { post: Post; memberIds: string[] };
  /** Sessions ended (logout, deactivation, a new password), by session id: login tokens never travel. */
  'session.revoked': { sessionIds: readonly string[] };
  /** An account was deactivated (`active` false) or reactivated. */
  'user.active_changed': { userId: string; active: boolean };
  /** The configuration changed (through the API, or in its source); both are the effective config. */
  'config.changed': { config: Config; previous: Config };
}

export type EventName = keyof AppEvents;

export type EventHandler<K extends EventName> = (event: AppEvents[K]) => void;

export interface EventBus {
  /**
   * Tells every subscriber of `name`, in the order they subscribed, before returning. A subscriber
   * that throws is logged and the others are still told: the change has already happened.
   */
  publish<K extends EventName>(name: K, event: AppEvents[K]): void;
  /** Returns the function that ends the subscription. */
  subscribe<K extends EventName>(name: K, handler: EventHandler<K>): () => void;
}
