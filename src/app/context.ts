// Everything a use case may touch, passed in once by the composition root.
import type { Store } from '../store/store.js';
import type { ConfigService } from '../config/config-service.js';
import type { Clock, Logger, PostCreatedListener, PostEvents, SessionEvents } from './ports.js';

export interface AppContext {
  store: Store;
  config: ConfigService;
  clock: Clock;
  newId: () => string;
  logger: Logger;
  events: PostEvents;
  /** Told when a login token is revoked; absent where nothing outlives a request (unit harnesses). */
  sessionEvents?: SessionEvents;
  /** Set once the outgoing-webhook engine is wired; user posts are handed to it after commit. */
  postCreatedListeners: PostCreatedListener[];
}

/** The authenticated caller of a use case. */
export interface Caller {
  userId: string;
  roles: string;
  sessionId: string;
}
