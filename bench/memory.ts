// Memory: the server's resident size with 100,000 deliveries queued for a destination that is down
// (nothing listens on its port), against the same server idle with an empty outbox. Pending work
// belongs in the database: the target is at most 256 MB. SQLite.
import { freePort } from '../test/support/server-process.js';
import type { BenchContext } from './context.js';
import { now, sleep } from './load.js';
import { scenario, type Scenario } from './scenario.js';
import { seedQueuedDeliveries, withStore } from './seed.js';
import { buildWorld, startBenchServer, type BenchServer } from './server.js';

const QUEUED = 100_000;
const IDLE_SAMPLE_MS = 5_000;
const LOADED_SAMPLE_MS = 20_000;

/** The largest resident size seen, sampling every 100 ms for `ms`. */
async function peakRss(server: BenchServer, ms: number): Promise<number> {
  let peak = 0;
  const end = now() + ms;
  while (now() < end) {
    peak = Math.max(peak, server.rssMb());
    await sleep(100);
  }
  return peak;
}

export async function memory(ctx: BenchContext): Promise<Scenario[]> {
  const server = await startBenchServer('sqlite', { profileDir: ctx.profileDir });
  try {
    const world = await buildWorld(server);
    const down = `http://127.0.0.1:${await freePort()}/down`;
    const hook = await world.admin.client.createOutgoingWebhook({
      team_id: world.team.id, channel_id: world.channel.id, trigger_words: ['down'], trigger_when: 0,
      callback_urls: [down], content_type: 'application/json', display_name: 'down',
    });
    const idle = await peakRss(server, IDLE_SAMPLE_MS);
    await server.stop();

    const seedStart = now();
    await withStore(server, (store, db) =>
      seedQueuedDeliveries(store, db, { channelId: world.channel.id, userId: world.member.id, hookId: hook.id, callbackUrl: down, triggerWord: 'down', count: QUEUED }),
    );
    ctx.note(`memory: ${QUEUED.toLocaleString('en')} posts, each with a delivery due now to ${down} (nothing listening), written in ${((now() - seedStart) / 1000).toFixed(1)} s; server restarted over them`);
    await server.start();
    if (ctx.profileDir) server.profileStart();
    const loaded = await peakRss(server, LOADED_SAMPLE_MS);
    if (ctx.profileDir) {
      const path = await server.profileStop('sqlite-backlog', { what: `${QUEUED.toLocaleString('en')} deliveries queued for a destination that is down` });
      ctx.note(`server CPU profile: ${path ?? 'not written'}`);
    }
    const attempts = await withStore(server, async (_store, db) =>
      Number((await db.selectFrom('delivery_attempts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    );
    ctx.note(`memory: peak resident size ${loaded.toFixed(0)} MB over ${LOADED_SAMPLE_MS / 1000} s with the backlog (${attempts.toLocaleString('en')} attempts made in that time), ${idle.toFixed(0)} MB idle over ${IDLE_SAMPLE_MS / 1000} s without`);
    return [scenario('memory/sqlite', loaded, 'MB', idle, '<= 256 MB')];
  } finally {
    await server.dispose();
  }
}
