// Everything a use case may touch, built whole by the composition root before anything uses it and
// never changed afterwards.
import type { Store } from '../store/store.js';
import type { ConfigService } from '../config/config-service.js';
import type { Clock } from './ports/clock.js';
import type { Logger } from './ports/logger.js';
import type { EventBus } from './ports/events.js';
import type { PostTriggers } from './post-triggers.js';

export interface AppContext {
  readonly store: Store;
  readonly config: ConfigService;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly logger: Logger;
  /** What has happened (posts, hooks, sessions, accounts, config), for whoever follows it. */
  readonly events: EventBus;
  /** Work a new user post sets off in its own transaction (the outgoing-webhook outbox). */
  readonly postTriggers: PostTriggers;
}

/** The authenticated caller of a use case. */
export interface Caller {
  userId: string;
  roles: string;
  sessionId: string;
}
