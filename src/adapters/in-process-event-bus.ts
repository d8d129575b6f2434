// The event bus within one process. Delivery is synchronous, in subscription order: when publish
// returns, every subscriber has been told. That is the order the subscribers rely on: the websocket
// hub sends `posted` before the `post_edited` of the thread's root, as they were published, and the
// trigger index knows of a new or disabled hook before the request that changed it is answered, so
// the very next post is matched against it. An event published by a subscriber is delivered at once,
// inside the one being delivered.
import type { AppEvents, EventBus, EventHandler, EventName } from '../app/ports/events.js';
import type { Logger } from '../app/ports/logger.js';

export function createInProcessEventBus(logger: Logger): EventBus {
  const handlers = new Map<EventName, Array<(event: unknown) => void>>();
  return {
    publish<K extends EventName>(name: K, event: AppEvents[K]) {
      // A copy: a subscriber that subscribes or unsubscribes does not change this delivery.
      for (const handler of [...(handlers.get(name) ?? [])]) {
        try {
          handler(event);
        } catch (e) {
          logger.error('an event subscriber failed', { event: name, error: String((e as Error)?.message ?? e) });
        }
      }
    },
    subscribe<K extends EventName>(name: K, handler: EventHandler<K>) {
      const list = handlers.get(name) ?? [];
      list.push(handler as (event: unknown) => void);
      handlers.set(name, list);
      return () => {
        const at = list.indexOf(handler as (event: unknown) => void);
        if (at !== -1) list.splice(at, 1);
      };
    },
  };
}
