// Hook management does not slow down with the number of hooks (issue "Deliveries under pressure",
// item 3): creating or editing a hook in a team that already has hundreds reads no more rows from the
// database than creating its first one. Rows are counted as the real store returns them (a Kysely
// plugin sees every result), so the check does not depend on timing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { ConfigService } from '../src/config/config-service.js';
import { openDatabase } from '../src/store/database.js';
import { createSqlStore } from '../src/store/sql/sql-store.js';
import { newId } from '../src/adapters/ids.js';
import { systemClock } from '../src/app/ports/clock.js';
import { silentLogger } from '../src/app/ports/logger.js';
import type { AppContext, Caller } from '../src/app/context.js';
import { createHook, updateHook, type HookServices } from '../src/app/outgoing-hooks/management.js';
import { createInProcessEventBus } from '../src/adapters/in-process-event-bus.js';
import { PostTriggerList } from '../src/app/post-triggers.js';
import type { HookInput, StoredHook } from '../src/domain/outgoing-hooks/hook.js';
import { createTestDatabase, testDatabaseKinds } from './support/databases.js';

const HOOKS = 400;

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: creating or editing a hook reads as many rows with ${HOOKS} hooks in the team as with none`, { timeout: 120_000 }, async (t) => {
    const database = await createTestDatabase(kind);
    const opened = await openDatabase(kind, database.dataSource);
    let rowsRead = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        rowsRead += args.result.rows.length;
        return args.result;
      },
    };
    const store = createSqlStore({ ...opened, db: opened.db.withPlugin(counting) });
    t.after(async () => {
      await store.close();
      await database.drop();
    });
    const config = ConfigService.fromObject({
      ServiceSettings: { EnableOutgoingWebhooks: true },
      // Room for every hook in the team-wide set, so the limits do not end the test early.
      WebhookSettings: { MaxTeamWideHooksPerTeam: 10_000, MaxHooksPerChannel: 10_000 },
    });
    const ctx: AppContext = {
      store, config, clock: systemClock, newId, logger: silentLogger,
      events: createInProcessEventBus(silentLogger), postTriggers: new PostTriggerList(),
    };
    const now = Date.now();
    const adminId = newId();
    await store.users.insert({
      id: adminId, create_at: now, update_at: now, delete_at: 0, username: 'scaleadmin', email: 'scaleadmin@example.com',
      nickname: '', first_name: '', last_name: '', position: '', roles: 'system_user system_admin', locale: 'en',
      is_bot: false, bot_description: '', last_password_update: now, props: {}, notify_props: {}, password_hash: 'x',
    });
    const teamId = newId();
    await store.teams.insert({ id: teamId, create_at: now, update_at: now, delete_at: 0, display_name: 'Scale', name: 'scale', description: '', email: '', type: 'O', company_name: '', allowed_domains: '', invite_id: newId(), allow_open_invite: true });
    const caller: Caller = { userId: adminId, roles: 'system_user system_admin', sessionId: newId() };
    const svc: HookServices = { newSigningSecret: () => `whsec_${newId()}`, rotationGraceMs: 0 };
    // Team-wide hooks on one callback URL with a word each: every one of them is a candidate duplicate.
    const input = (word: string, id = ''): HookInput => ({
      id, token: '', create_at: 0, update_at: 0, delete_at: 0, creator_id: '', channel_id: '', team_id: teamId,
      trigger_words: [word], trigger_when: 0, callback_urls: ['http://receiver.example/hook'], display_name: '', description: '',
      content_type: 'application/json', username: '', icon_url: '',
    });
    const rowsReadBy = async (work: () => Promise<unknown>) => {
      const before = rowsRead;
      await work();
      return rowsRead - before;
    };

    const first = await rowsReadBy(() => createHook(ctx, svc, caller, input('word0')));
    const hooks: StoredHook[] = [];
    for (let i = 1; i < HOOKS; i++) hooks.push(await createHook(ctx, svc, caller, input(`word${i}`)));
    const last = await rowsReadBy(() => createHook(ctx, svc, caller, input(`word${HOOKS}`)));
    const edit = await rowsReadBy(() => updateHook(ctx, svc, caller, hooks[10].id, input('renamed', hooks[10].id)));
    t.diagnostic(`rows read: first create ${first}, create #${HOOKS + 1} ${last}, an edit ${edit}`);
    assert.ok(last <= first, `creating hook #${HOOKS + 1} read ${last} rows, the first ${first}`);
    assert.ok(edit <= first, `an edit read ${edit} rows`);

    // The rule still holds: a duplicate of any of them is refused, an edit onto another's word too.
    await assert.rejects(createHook(ctx, svc, caller, input('word123')), (e: any) => e.id === 'api.webhook.create_outgoing.intersect.app_error');
    await assert.rejects(updateHook(ctx, svc, caller, hooks[20].id, input('word7', hooks[20].id)), (e: any) => e.id === 'api.webhook.update_outgoing.intersect.app_error');
    assert.ok(await createHook(ctx, svc, caller, input('word11')), 'the renamed hook no longer holds its old word');
  });
}
