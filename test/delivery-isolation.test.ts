// Isolation by destination (issue "Deliveries under pressure", item 1): a receiver that accepts
// requests and never answers must not hold up a healthy receiver on another port. Both hooks fire on
// the same word; every healthy delivery is answered before the first request to the hanging receiver
// has even timed out. The test looks only at the order of events in this process, never at durations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testDatabaseKinds } from './support/databases.js';
import { eventually, startReceiver } from './support/receiver.js';
import { createHook, startHookWorld, webhookPosts } from './support/hooks.js';

// More posts than the worker has slots: claimed deliveries to the hanging receiver used to pile up
// in the HTTP client's per-origin queue until they held every slot.
const POSTS = 48;

/** Accepts every request and never answers; notes when the client gives up on one. */
async function startHangingReceiver(events: string[]) {
  let received = 0;
  const server: Server = createServer((req, res) => {
    received++;
    res.on('close', () => events.push('hanging request ended'));
    req.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: a hanging destination does not hold up a healthy one`, { timeout: 120_000 }, async (t) => {
    // Long enough that nothing here waits on it once destinations are isolated; before, the healthy
    // deliveries queued behind the hanging ones until their requests timed out.
    const w = await startHookWorld(kind, { ServiceSettings: { OutgoingIntegrationRequestsTimeout: 20 } });
    const events: string[] = [];
    const hanging = await startHangingReceiver(events);
    const healthy = await startReceiver((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ text: `answered ${req.json?.text}` }), () => events.push('healthy answered'));
    });
    t.after(async () => {
      await w.server.stop();
      await healthy.close();
      await hanging.close();
    });
    const { admin, member, team, town } = w;
    // The hanging hook is older, so each post's delivery to it is queued first.
    await createHook(admin, { team_id: team.id, trigger_words: ['status'], callback_urls: [`${hanging.url}/hook`] });
    await createHook(admin, { team_id: team.id, trigger_words: ['status'], callback_urls: [`${healthy.url}/hook`] });
    for (let i = 0; i < POSTS; i++) await member.client.createPost({ channel_id: town.id, message: `status ${i}` });

    // Wait for whichever comes first to be decided: all healthy answers, or a hanging request ending.
    await eventually(async () => events.filter((e) => e === 'healthy answered').length === POSTS || events.includes('hanging request ended'), 60_000);
    const firstEnd = events.indexOf('hanging request ended');
    const answeredBefore = (firstEnd === -1 ? events : events.slice(0, firstEnd)).filter((e) => e === 'healthy answered').length;
    assert.equal(answeredBefore, POSTS, `only ${answeredBefore} of ${POSTS} healthy deliveries were answered before the first hanging request ended`);
    // The hanging destination used no more than its share of the worker.
    assert.ok(hanging.received() <= 8, `${hanging.received()} requests in flight to the hanging destination`);

    // And the replies were posted, each once.
    const replies = await eventually(async () => {
      const posts = await webhookPosts(w, town.id);
      return posts.length >= POSTS ? posts : undefined;
    }, 60_000);
    assert.deepEqual(new Set(replies.map((p: any) => p.message)).size, POSTS);
  });
}
