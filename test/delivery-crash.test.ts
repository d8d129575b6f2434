// Issue 4's durability check: a real server process queues 1,000 deliveries to a slow receiver, is
// killed with SIGKILL half-way, is started again over the same database, and every delivery still
// completes — each id received at least once, repeats only of the same id with the same body, and
// every reply post stored exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkg from '@mattermost/client';
import { createTestDatabase, testDatabaseKinds } from './support/databases.js';
import { eventually, startReceiver } from './support/receiver.js';
import { freePort, startServerProcess, type ServerProcess } from './support/server-process.js';

const { Client4 } = pkg as unknown as { Client4: new () => any };

const HOOKS = 5;
const URLS_PER_HOOK = 2;
const POSTS = 100;
const TOTAL = HOOKS * URLS_PER_HOOK * POSTS;
const KILL_AFTER = 350;

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: SIGKILL mid-way loses no delivery and posts no reply twice`, { timeout: 120_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-crash-'));
    const database = await createTestDatabase(kind);
    const port = await freePort();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // Slow: nothing is answered until every post is made, then each answer takes a little while.
    const receiver = await startReceiver(async (req, res) => {
      await gate;
      await new Promise((r) => setTimeout(r, 15));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ text: `reply ${req.headers['webhook-id']}` }));
    });
    let server: ServerProcess | null = null;
    t.after(async () => {
      if (server && server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      await receiver.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });
    const launch = { configPath: join(dir, 'config.json'), port, env: {
      MM_SQLSETTINGS_DRIVERNAME: database.driver,
      MM_SQLSETTINGS_DATASOURCE: database.dataSource,
      MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`,
      MM_SERVICESETTINGS_ENABLEOUTGOINGWEBHOOKS: 'true',
      MM_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS: '127.0.0.1',
    } };
    server = await startServerProcess({ ...launch, config: { ServiceSettings: { OutgoingIntegrationRequestsTimeout: 5 } } });

    const client = new Client4();
    client.setUrl(server.url);
    await client.createUser({ username: 'crashadmin', email: 'crashadmin@example.com', password: 'password1' });
    await client.login('crashadmin', 'password1');
    const team = await client.createTeam({ name: 'crash', display_name: 'Crash', type: 'O' });
    const town = await client.getChannelByName(team.id, 'town-square');
    const hooks: any[] = [];
    for (let h = 0; h < HOOKS; h++) {
      const urls = Array.from({ length: URLS_PER_HOOK }, (_, u) => `${receiver.url}/hook${h}/url${u}`);
      hooks.push(await client.createOutgoingWebhook({ team_id: team.id, trigger_words: ['crash'], callback_urls: urls, content_type: 'application/json' }));
    }
    for (let p = 0; p < POSTS; p++) await client.createPost({ channel_id: town.id, message: `crash ${p}` });
    release();

    const distinctIds = () => new Set(receiver.requests.map((r) => String(r.headers['webhook-id'])));
    await eventually(async () => distinctIds().size >= KILL_AFTER, 60_000);
    server.child.kill('SIGKILL');
    assert.equal(await server.exited, 'SIGKILL');
    const atKill = { requests: receiver.requests.length, distinct: distinctIds().size };

    server = await startServerProcess(launch);
    const restartedAt = Date.now();
    await client.login('crashadmin', 'password1');
    await eventually(async () => distinctIds().size === TOTAL, 90_000);
    const allReceivedMs = Date.now() - restartedAt;
    // Every delivery finished as succeeded, as the log shows.
    await eventually(async () => {
      for (const hook of hooks) {
        const done = await client.doFetch(`${client.getBaseRoute()}/hooks/outgoing/${hook.id}/deliveries?state=succeeded&per_page=200`, { method: 'get' });
        if (done.length !== POSTS * URLS_PER_HOOK) return false;
      }
      return true;
    }, 60_000);

    // Each id was sent for exactly one delivery: repeats carry the same body and the same URL.
    const byId = new Map<string, { path: string; body: string }[]>();
    for (const r of receiver.requests) {
      const id = String(r.headers['webhook-id']);
      byId.set(id, [...(byId.get(id) ?? []), { path: r.path, body: r.body }]);
    }
    let repeated = 0;
    for (const [id, seen] of byId) {
      assert.match(id, /^[a-z0-9]{26}$/);
      for (const s of seen) assert.deepEqual(s, seen[0], `delivery ${id} was sent with different contents`);
      repeated += seen.length - 1;
    }

    const replies = new Map<string, number>();
    for (let page = 0; ; page++) {
      const list = await client.getPosts(town.id, page, 200);
      for (const id of list.order) {
        const post = list.posts[id];
        if (post.props?.from_webhook === 'true') replies.set(post.message, (replies.get(post.message) ?? 0) + 1);
      }
      if (list.order.length < 200) break;
    }
    assert.equal(replies.size, TOTAL, 'one reply post per delivery');
    for (const [message, count] of replies) {
      assert.equal(count, 1, `${message} was posted ${count} times`);
      assert.ok(byId.has(message.slice('reply '.length)), `${message} answers a delivery that was never sent`);
    }
    t.diagnostic(`${kind}: ${TOTAL} deliveries; killed after ${atKill.distinct} distinct ids (${atKill.requests} requests); ` +
      `every id received ${allReceivedMs} ms after the restarted server answered; ` +
      `${receiver.requests.length} requests in all, ${repeated} repeated (same id), ${replies.size} reply posts, each stored once`);
    server.child.kill('SIGTERM');
    await server.exited;
  });
}
