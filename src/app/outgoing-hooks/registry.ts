// The in-memory trigger index, kept in step with every hook change, so matching a post never
// touches the database. It is built from the store at start.
import type { Store, StoredHook } from '../../store/store.js';
import { TriggerIndex, type HookMatch } from '../../domain/outgoing-hooks/trigger-index.js';

export class HookRegistry {
  private readonly index = new TriggerIndex();

  static async load(store: Store): Promise<HookRegistry> {
    const registry = new HookRegistry();
    for (const hook of await store.outgoingHooks.listAllLive()) registry.changed(hook);
    return registry;
  }

  /** Call after a hook is created, updated, disabled, enabled or deleted. */
  changed(hook: StoredHook) {
    if (hook.delete_at !== 0 || hook.disabled_at !== 0) this.index.remove(hook.id);
    else this.index.upsert(hook);
  }

  /** Hooks that fire for a post in a public channel of the team, in firing order. */
  match(teamId: string, channelId: string, message: string): HookMatch[] {
    return this.index.match(teamId, channelId, message);
  }

  get size() {
    return this.index.size;
  }
}
