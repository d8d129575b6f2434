// The in-memory trigger index, kept in step with every hook change, so matching a post never
// touches the database. It is built from the store at start, then follows the hook changes and
// account (de)activations published on the event bus. Hooks whose creator is deactivated are kept
// aside, out of the index, until the creator is active again.
import type { Store } from '../../store/store.js';
import type { EventBus } from '../ports/events.js';
import type { StoredHook } from '../../domain/outgoing-hooks/hook.js';
import { TriggerIndex, type HookMatch } from '../../domain/outgoing-hooks/trigger-index.js';

export class HookRegistry {
  private readonly index = new TriggerIndex();
  /** Every live, enabled hook, indexed or not, by id. */
  private readonly live = new Map<string, StoredHook>();
  private readonly deactivatedCreators = new Set<string>();

  static async load(store: Store): Promise<HookRegistry> {
    const registry = new HookRegistry();
    for (const id of await store.users.listDeactivatedIds()) registry.deactivatedCreators.add(id);
    for (const hook of await store.outgoingHooks.listAllLive()) registry.changed(hook);
    return registry;
  }

  /** Keeps the index in step with the events; returns the function that stops following them. */
  follow(events: EventBus): () => void {
    const stops = [
      events.subscribe('hook.changed', ({ hook }) => this.changed(hook)),
      events.subscribe('user.active_changed', ({ userId, active }) => this.creatorActiveChanged(userId, active)),
    ];
    return () => stops.forEach((stop) => stop());
  }

  /** Call after a hook is created, updated, disabled, enabled or deleted. */
  changed(hook: StoredHook) {
    if (hook.delete_at !== 0 || hook.disabled_at !== 0) {
      this.live.delete(hook.id);
      this.index.remove(hook.id);
      return;
    }
    this.live.set(hook.id, hook);
    if (this.deactivatedCreators.has(hook.creator_id)) this.index.remove(hook.id);
    else this.index.upsert(hook);
  }

  /** Call after a user is deactivated or reactivated: their hooks leave or rejoin the index. */
  creatorActiveChanged(userId: string, active: boolean) {
    if (active) this.deactivatedCreators.delete(userId);
    else this.deactivatedCreators.add(userId);
    for (const hook of this.live.values()) {
      if (hook.creator_id !== userId) continue;
      if (active) this.index.upsert(hook);
      else this.index.remove(hook.id);
    }
  }

  /** Hooks that fire for a post in a public channel of the team, in firing order. */
  match(teamId: string, channelId: string, message: string): HookMatch[] {
    return this.index.match(teamId, channelId, message);
  }

  get size() {
    return this.index.size;
  }
}
