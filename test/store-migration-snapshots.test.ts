// Migrations on a database that already holds deliveries. 003: a test delivery keeps its synthetic
// payload, and a delivery queued before payload snapshots existed reads as having none (it is then
// built from the post when sent, see delivery-policy.test.ts). 005: every delivery gets its
// destination from its callback URL, so deliveries already queued are shared out and deferred like
// new ones. 006: hooks that already exist are in the duplicate rule's index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../src/store/database.js';
import { createSqlStore } from '../src/store/sql/sql-store.js';
import { newId } from '../src/adapters/ids.js';
import { createTestDatabase, testDatabaseKinds } from './support/databases.js';
import { openAtMigration } from './support/older-schema.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: deliveries queued before migration 003 keep working`, async (t) => {
    const database = await createTestDatabase(kind);
    let store: ReturnType<typeof createSqlStore> | null = null;
    t.after(async () => {
      await store?.close();
      await database.drop();
    });
    const old = await openAtMigration(database, '002-outgoing-hooks');
    const synthetic = { team_id: newId(), team_domain: 't', channel_id: '', channel_name: '', timestamp: 5, user_id: newId(), user_name: 'u', post_id: '', text: 'test', trigger_word: '', file_ids: '' };
    const row = (id: string, isTest: number, testPayload: string) => ({
      id, hook_id: newId(), post_id: isTest ? '' : newId(), callback_url: 'http://example.com/', trigger_word: '', is_test: isTest,
      test_payload: testPayload, seq: 0, state: 'pending', attempt_count: 0, create_at: 1, update_at: 1, next_attempt_at: 1,
    });
    const [testId, queuedId] = [newId(), newId()];
    await old.insertInto('deliveries').values([row(testId, 1, JSON.stringify(synthetic)), row(queuedId, 0, '')]).execute();
    await old.destroy();

    store = createSqlStore(await openDatabase(kind, database.dataSource));
    assert.deepEqual((await store.deliveries.get(testId))?.payload, synthetic);
    const queued = await store.deliveries.get(queuedId);
    assert.deepEqual([queued?.payload, queued?.state], [null, 'pending']);
  });
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: deliveries queued before migration 005 get their destination`, async (t) => {
    const database = await createTestDatabase(kind);
    let store: ReturnType<typeof createSqlStore> | null = null;
    t.after(async () => {
      await store?.close();
      await database.drop();
    });
    const old = await openAtMigration(database, '003-delivery-snapshots');
    const urls = ['http://Example.com:80/a', 'http://example.com/b', 'https://example.com:8443/c', 'http://127.0.0.1:9000/d'];
    const rows = urls.map((callback_url, i) => ({
      id: newId(), hook_id: newId(), post_id: newId(), callback_url, trigger_word: 'go', is_test: 0, payload: '', seq: 0,
      state: i === 3 ? 'succeeded' : 'pending', attempt_count: 0, create_at: 10 + i, update_at: 10 + i, next_attempt_at: 10 + i,
    }));
    await old.insertInto('deliveries').values(rows).execute();
    await old.destroy();

    store = createSqlStore(await openDatabase(kind, database.dataSource));
    const migrated = await Promise.all(rows.map(async (r) => (await store!.deliveries.get(r.id))!));
    assert.deepEqual(migrated.map((d) => [d.destination, d.deferred_until]), [
      ['http://example.com', 0], ['http://example.com', 0], ['https://example.com:8443', 0], ['http://127.0.0.1:9000', 0],
    ]);
    // And they are claimed by destination: one per destination here.
    const claimed = await store.deliveries.claimDue(100, 10, 'node', 1000, { perDestination: 1, rooms: new Map() });
    assert.deepEqual(claimed.map((d) => d.id), [rows[0].id, rows[2].id]);
  });
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: hooks created before migration 006 are found by the duplicate check`, async (t) => {
    const database = await createTestDatabase(kind);
    let store: ReturnType<typeof createSqlStore> | null = null;
    t.after(async () => {
      await store?.close();
      await database.drop();
    });
    const old = await openAtMigration(database, '005-delivery-destinations');
    const team = newId();
    const row = (words: string[], urls: string[], extra: Record<string, number> = {}) => ({
      id: newId(), token: newId(), create_at: 1, update_at: 1, delete_at: 0, disabled_at: 0, creator_id: newId(), channel_id: '',
      team_id: team, trigger_words: JSON.stringify(words), trigger_when: 0, callback_urls: JSON.stringify(urls), display_name: '',
      description: '', content_type: '', username: '', icon_url: '', ...extra,
    });
    await old.insertInto('outgoing_hooks').values([
      row(['deploy', 'ship'], ['http://a.test/1', 'http://a.test/2']),
      row(['paused'], ['http://b.test/'], { disabled_at: 5 }),
      row(['gone'], ['http://c.test/'], { delete_at: 5 }),
    ]).execute();
    await old.destroy();

    store = createSqlStore(await openDatabase(kind, database.dataSource));
    const probe = (word: string, url: string) => store!.outgoingHooks.anyIntersecting({ team_id: team, channel_id: '', trigger_words: [word], callback_urls: [url] }, null);
    assert.equal(await probe('ship', 'http://a.test/1'), true);
    assert.equal(await probe('paused', 'http://b.test/'), true);
    assert.equal(await probe('gone', 'http://c.test/'), false);
    assert.equal(await probe('ship', 'http://b.test/'), false);
  });
}
