// What the use cases need from the outside world, as narrow interfaces the composition root fills.
import type { Post } from '../domain/posts.js';
import type { Channel } from '../domain/channels.js';
import type { User } from '../domain/users.js';
import type { Store } from '../store/store.js';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Realtime notifications of post changes to the channel's members (the websocket hub). */
export interface PostEvents {
  posted(post: Post, channel: Channel, sender: User, memberIds: string[], opts: { setOnline: boolean; mentions: string[] }): void;
  edited(post: Post, memberIds: string[]): void;
  deleted(post: Post, memberIds: string[]): void;
}

/** Ends what sessions still hold open once they are revoked (their websockets), by session id. */
export interface SessionEvents {
  revoked(sessionIds: readonly string[]): void;
}

/** Told when an account is deactivated or reactivated (the outgoing-hook trigger index listens). */
export interface AccountListener {
  activeChanged(userId: string, active: boolean): void;
}

/** How a new user post reaches the outgoing-webhook engine. */
export interface PostCreatedListener {
  /** Work that must commit together with the post (a durable delivery outbox, for example). */
  inTransaction?(tx: Store, post: Post, channel: Channel, author: User): Promise<void>;
  /** Work that starts once the post is committed and broadcast. */
  afterCommit?(post: Post, channel: Channel, author: User): void;
}
