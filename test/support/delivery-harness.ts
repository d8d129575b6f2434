// An in-process delivery engine over a fresh SQLite (or PostgreSQL) store with a hand-driven clock and a scripted
// HttpClient, so retry timing, Retry-After and the failure policy can be checked to the millisecond.
import { ConfigService } from '../../src/config/config-service.js';
import { openDatabase } from '../../src/store/database.js';
import { createSqlStore } from '../../src/store/sql/sql-store.js';
import { newId } from '../../src/adapters/ids.js';
import type { Clock } from '../../src/app/ports/clock.js';
import { silentLogger } from '../../src/app/ports/logger.js';
import type { AppContext } from '../../src/app/context.js';
import type { StoredHook } from '../../src/domain/outgoing-hooks/hook.js';
import type { Delivery, AttemptOutcomeName } from '../../src/domain/delivery/delivery.js';
import type { HttpClient, HttpResult } from '../../src/domain/net/http-client.js';
import { HookRegistry } from '../../src/app/outgoing-hooks/registry.js';
import { createInProcessEventBus } from '../../src/adapters/in-process-event-bus.js';
import { PostTriggerList } from '../../src/app/post-triggers.js';
import { deliverSafely } from '../../src/app/outgoing-hooks/deliver.js';
import { newSigningSecret } from '../../src/domain/delivery/signature.js';
import { destinationOf } from '../../src/domain/delivery/destination.js';
import { createTestDatabase, sqliteDatabase } from './databases.js';

export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

export class FakeClock implements Clock {
  constructor(public t = START) {}
  now() {
    return this.t;
  }
  advance(ms: number) {
    this.t += ms;
  }
}

export const answer = (status: number, headers: Record<string, string> = {}, body = ''): HttpResult =>
  ({ kind: 'response', status, headers, body: Buffer.from(body), truncated: false, durationMs: 12 });
export const transportError = (reason: 'timeout' | 'connect' | 'forbidden_address'): HttpResult =>
  ({ kind: 'error', reason, message: `${reason} (scripted)`, durationMs: 7 });

export interface Harness {
  ctx: AppContext;
  clock: FakeClock;
  hook: StoredHook;
  creatorId: string;
  /** What the fake receiver answers next (the last one repeats); an Error is thrown instead. */
  script(...results: Array<HttpResult | Error>): void;
  sent: { url: string; headers: Record<string, string> }[];
  metrics: { outcome: AttemptOutcomeName | 'cancelled'; durationMs: number }[];
  random: { value: number };
  registry: HookRegistry;
  /** Queues a delivery for a new post, due now, as queued before payload snapshots (built from the post when sent). */
  queue(over?: Partial<Delivery>): Promise<Delivery>;
  /** Claims what is due at the fake now and delivers it; returns the deliveries as they ended. */
  runDue(): Promise<Delivery[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** SQLite unless told otherwise. */
  kind?: 'sqlite' | 'postgres';
  serviceSettings?: Record<string, unknown>;
}

export async function startHarness(webhookSettings: Record<string, unknown> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const database = options.kind === 'postgres' ? await createTestDatabase('postgres') : sqliteDatabase();
  const store = createSqlStore(await openDatabase(database.driver, database.dataSource));
  const clock = new FakeClock();
  const config = ConfigService.fromObject({
    ServiceSettings: { EnableOutgoingWebhooks: true, ...options.serviceSettings },
    WebhookSettings: webhookSettings,
  });
  const ctx: AppContext = {
    store, config, clock, newId, logger: silentLogger,
    events: createInProcessEventBus(silentLogger),
    postTriggers: new PostTriggerList(),
  };
  const now = clock.now();
  const creatorId = newId();
  await store.users.insert({
    id: creatorId, create_at: now, update_at: now, delete_at: 0, username: 'hookowner', email: 'hookowner@example.com',
    nickname: '', first_name: '', last_name: '', position: '', roles: 'system_user system_admin', locale: 'en',
    is_bot: false, bot_description: '', last_password_update: now, props: {}, notify_props: {}, password_hash: 'x',
  });
  const teamId = newId();
  await store.teams.insert({ id: teamId, create_at: now, update_at: now, delete_at: 0, display_name: 'T', name: 'timing', description: '', email: '', type: 'O', company_name: '', allowed_domains: '', invite_id: newId(), allow_open_invite: true });
  const channelId = newId();
  await store.channels.insert({ id: channelId, create_at: now, update_at: now, delete_at: 0, team_id: teamId, type: 'O', display_name: 'Town', name: 'town-square', header: '', purpose: '', last_post_at: 0, last_root_post_at: 0, total_msg_count: 0, total_msg_count_root: 0, creator_id: '' });
  const hook: StoredHook = {
    id: newId(), token: newId(), create_at: now, update_at: now, delete_at: 0, creator_id: creatorId, channel_id: channelId,
    team_id: teamId, trigger_words: ['go'], trigger_when: 0, callback_urls: ['http://receiver.test/hook'], display_name: 'Timer',
    description: '', content_type: 'application/json', username: '', icon_url: '', disabled_at: 0,
    signing_secret: newSigningSecret(new Uint8Array(32).fill(7)), previous_signing_secret: '', previous_secret_expires_at: 0,
  };
  await store.outgoingHooks.insert(hook);
  const registry = await HookRegistry.load(store);
  registry.follow(ctx.events);

  let script: Array<HttpResult | Error> = [answer(200)];
  const sent: Harness['sent'] = [];
  const http: HttpClient = {
    async post(url, req) {
      sent.push({ url, headers: typeof req.headers === 'function' ? req.headers() : req.headers });
      const next = script.length > 1 ? script.shift()! : script[0];
      if (next instanceof Error) throw next;
      return next;
    },
    async close() {},
  };
  const metrics: Harness['metrics'] = [];
  const random = { value: 0.5 };
  const deps = {
    http, random: () => random.value,
    metrics: {
      attemptFinished: (outcome: AttemptOutcomeName, durationMs: number) => void metrics.push({ outcome, durationMs }),
      deliveryCancelled: () => void metrics.push({ outcome: 'cancelled', durationMs: 0 }),
      deliveriesDeferred: () => {},
    },
  };

  return {
    ctx, clock, hook, creatorId, sent, metrics, random, registry,
    script: (...results) => void (script = results),
    async queue(over = {}) {
      const at = clock.now();
      const postId = newId();
      await store.posts.insert({
        id: postId, create_at: at, update_at: at, edit_at: 0, delete_at: 0, is_pinned: false, user_id: creatorId, channel_id: channelId,
        root_id: '', original_id: '', message: 'go now', type: '', props: {}, hashtags: '', file_ids: [], pending_post_id: '',
        reply_count: 0, last_reply_at: 0, participants: null, metadata: {},
      });
      const d: Delivery = {
        id: newId(), hook_id: hook.id, post_id: postId, callback_url: hook.callback_urls[0], destination: destinationOf(hook.callback_urls[0]),
        trigger_word: 'go', is_test: false, payload: null, seq: 0, state: 'pending', attempt_count: 0, create_at: at, update_at: at,
        next_attempt_at: at, deferred_until: 0, last_status_code: 0, last_error: '', reply_post_ids: [], reply_error: '', ...over,
      };
      await store.deliveries.insert([d]);
      return d;
    },
    async runDue() {
      const claimed = await store.deliveries.claimDue(clock.now(), 100, 'harness', 60_000);
      const done = [];
      for (const d of claimed) done.push(await deliverSafely(ctx, deps, d));
      return done;
    },
    async close() {
      await store.close();
      await database.drop();
    },
  };
}
