// Everything a use case may touch, passed in once by the composition root.
import type { Store } from '../store/store.js';
import type { ConfigService } from '../config/config-service.js';
import type { AccountListener, Clock, Logger, PostCreatedListener, PostEvents, SessionEvents } from './ports.js';

export interface AppContext {
  store: Store;
  config: ConfigService;
  clock: Clock;
  newId: () => string;
  logger: Logger;
  events: PostEvents;
  /** Told when sessions are revoked; absent where nothing outlives a request (unit harnesses). */
  sessionEvents?: SessionEvents;
  /** Told when an account is deactivated or reactivated; absent where nothing depends on it. */
  accountListeners?: AccountListener[];
  /** Set once the outgoing-webhook engine is wired; user posts are handed to it after commit. */
  postCreatedListeners: PostCreatedListener[];
}

/** The authenticated caller of a use case. */
export interface Caller {
  userId: string;
  roles: string;
  sessionId: string;
}
