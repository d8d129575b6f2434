// Fills a stopped server's database straight through the store, for states the API would take
// far too long to reach (9,999 hooks in a team, 100,000 queued deliveries). The server is started
// again afterwards, so it loads them as it would after any restart.
import { randomBytes } from 'node:crypto';
import { openDatabase, type OpenedDatabase } from '../src/store/database.js';
import { createSqlStore } from '../src/store/sql/sql-store.js';
import { newId } from '../src/adapters/ids.js';
import { newSigningSecret } from '../src/domain/delivery/signature.js';
import type { Store } from '../src/store/store.js';
import type { StoredHook } from '../src/domain/outgoing-hooks/hook.js';
import type { PostsTable } from '../src/store/tables.js';
import type { Delivery } from '../src/domain/delivery/delivery.js';
import { destinationOf } from '../src/domain/delivery/destination.js';
import type { BenchServer } from './server.js';

export async function withStore<T>(server: BenchServer, fn: (store: Store, db: OpenedDatabase['db']) => Promise<T>): Promise<T> {
  const opened = await openDatabase(server.kind, server.database.dataSource);
  const store = createSqlStore(opened);
  try {
    return await fn(store, opened.db);
  } finally {
    await store.close();
  }
}

/** `count` exact-word hooks in the team, each with its own word and callback URL, created in order. */
export async function seedHooks(store: Store, teamId: string, creatorId: string, count: number): Promise<void> {
  const base = Date.now() - count;
  for (let start = 0; start < count; start += 1000) {
    await store.transaction(async (tx) => {
      for (let n = start; n < Math.min(count, start + 1000); n++) {
        const hook: StoredHook = {
          id: newId(), token: newId(), create_at: base + n, update_at: base + n, delete_at: 0, disabled_at: 0,
          creator_id: creatorId, channel_id: '', team_id: teamId, trigger_words: [`seeded${n}`, `alias${n}`],
          trigger_when: n % 2, callback_urls: [`http://127.0.0.1:9/hook/${n}`], display_name: `seeded ${n}`,
          description: '', content_type: 'application/json', username: '', icon_url: '',
          signing_secret: newSigningSecret(randomBytes(32)), previous_signing_secret: '', previous_secret_expires_at: 0,
        };
        await tx.outgoingHooks.insert(hook);
      }
    });
  }
}

/**
 * `count` posts by `userId` in the channel, each with one delivery for the hook, due now. The posts
 * go in as multi-row inserts (the store inserts one post per statement, which takes long here).
 */
export async function seedQueuedDeliveries(
  store: Store,
  db: OpenedDatabase['db'],
  opts: { channelId: string; userId: string; hookId: string; callbackUrl: string; triggerWord: string; count: number },
): Promise<void> {
  const now = Date.now();
  const BATCH = 500;
  for (let start = 0; start < opts.count; start += BATCH) {
    const posts: PostsTable[] = [];
    const deliveries: Delivery[] = [];
    for (let n = start; n < Math.min(opts.count, start + BATCH); n++) {
      const at = now - opts.count + n;
      const id = newId();
      posts.push({
        id, create_at: at, update_at: at, edit_at: 0, delete_at: 0, is_pinned: 0, user_id: opts.userId,
        channel_id: opts.channelId, root_id: '', original_id: '', message: `${opts.triggerWord} ${n}`, type: '', props: '{}',
        hashtags: '', file_ids: '[]', pending_post_id: '', metadata: '{}',
      });
      deliveries.push({
        id: newId(), hook_id: opts.hookId, post_id: id, callback_url: opts.callbackUrl, destination: destinationOf(opts.callbackUrl), trigger_word: opts.triggerWord,
        is_test: false, payload: null, deferred_until: 0, seq: 0, state: 'pending', attempt_count: 0, create_at: at, update_at: at,
        next_attempt_at: at, last_status_code: 0, last_error: '', reply_post_ids: [], reply_error: '',
      });
    }
    await db.insertInto('posts').values(posts).execute();
    await store.deliveries.insert(deliveries);
  }
}
