// Work a new user post sets off that must commit with it: the outgoing-webhook outbox, so a crash
// never loses a delivery and a post that rolls back queues none. Not an event (ports/events.ts): it
// runs inside the post's transaction, and its failure rolls the post back. The features that need
// it are built after the app context, so the context holds the list and each feature's trigger is
// added to it once, at start.
import type { Store } from '../store/store.js';
import type { Post } from '../domain/posts.js';
import type { Channel } from '../domain/channels.js';
import type { User } from '../domain/users.js';

export interface PostTrigger {
  /** Runs in the transaction that saves `post`, for posts made by people and bots through the API. */
  inTransaction(tx: Store, post: Post, channel: Channel, author: User): Promise<void>;
}

/** What the use cases see: run every trigger, in the order they were added. */
export interface PostTriggers {
  run(tx: Store, post: Post, channel: Channel, author: User): Promise<void>;
}

export class PostTriggerList implements PostTriggers {
  private readonly triggers: PostTrigger[] = [];

  add(trigger: PostTrigger): void {
    this.triggers.push(trigger);
  }

  async run(tx: Store, post: Post, channel: Channel, author: User): Promise<void> {
    for (const t of this.triggers) await t.inTransaction(tx, post, channel, author);
  }
}
