// Isolation: ten integrations in a team, each its own hook (own trigger word, own receiver, so own
// origin), posts spread evenly over the ten words. The end-to-end rate of the posts for the nine
// healthy ones is measured with all ten answering (the baseline), then with the tenth accepting
// connections and never answering, as a hung service does. One bad endpoint should not slow the
// others down (target ≥ 0.95). SQLite; the request timeout is the default, so within a phase no
// hung request ends.
import { startReceiver, type Receiver } from '../test/support/receiver.js';
import { onCleanup } from './cleanup.js';
import type { BenchContext } from './context.js';
import { CLIENTS, closedLoop, now, Poster, ReplyListener, timingResponder } from './load.js';
import { scenario, type Scenario } from './scenario.js';
import { buildWorld, startBenchServer } from './server.js';

const DESTINATIONS = 10;
const WARMUP_POSTS = 200;
const POSTS = 1000;
const PHASE_LIMIT_MS = 30_000;

export async function isolation(ctx: BenchContext): Promise<Scenario[]> {
  const server = await startBenchServer('sqlite');
  const receivers: Receiver[] = [];
  const closeReceivers = onCleanup('isolation receivers', () => Promise.all(receivers.map((r) => r.close())));
  try {
    const world = await buildWorld(server);
    const arrivals = new Map<number, number>();
    for (let i = 0; i < DESTINATIONS; i++) {
      const receiver = await startReceiver(timingResponder(arrivals));
      receivers.push(receiver);
      await world.admin.client.createOutgoingWebhook({
        team_id: world.team.id, channel_id: world.channel.id, trigger_words: [`iso${i}`], trigger_when: 0,
        callback_urls: [receiver.url], content_type: 'application/json', display_name: `integration ${i}`,
      });
    }
    const listener = await ReplyListener.connect(server.url, world.admin.token);
    const poster = new Poster(server.url, world.member.token);
    let seq = 0;
    const hung = DESTINATIONS - 1;
    /** Posts spread over the ten words; per second, the posts to healthy hooks whose reply is stored. */
    const phase = async (label: string, n: number) => {
      const t0 = now();
      const deadline = t0 + PHASE_LIMIT_MS;
      const healthy: number[] = [];
      await closedLoop(n, CLIENTS, async () => {
        const s = ++seq;
        const destination = s % DESTINATIONS;
        if (destination !== hung) healthy.push(s);
        await poster.post(world.channel.id, `iso${destination} ${s}`);
      }, deadline);
      const done = await listener.waitFor(healthy, deadline);
      const end = done === healthy.length ? Math.max(...healthy.map((s) => listener.stored.get(s)!)) : now();
      const rate = (done * 1000) / (end - t0);
      ctx.note(`isolation, ${label}: ${done} of ${healthy.length} posts to healthy hooks answered end to end in ${((end - t0) / 1000).toFixed(1)} s: ${rate.toFixed(1)} /s`);
      return rate;
    };
    try {
      await phase('warm-up', WARMUP_POSTS);
      const all = await phase('all ten answering', POSTS);
      receivers[hung].respond(() => {}); // accepts, reads the request, never answers
      const withHung = await phase('one of ten hanging', POSTS);
      if (poster.failures > 0) ctx.note(`isolation: ${poster.failures} posts failed, last: ${poster.lastFailure}`);
      return [scenario('isolation/sqlite', withHung, '/s', all, '>= 0.95')];
    } finally {
      listener.close();
      await poster.close();
    }
  } finally {
    // The server first: its shutdown abandons the hung requests, then the receivers can close.
    await server.dispose();
    await closeReceivers();
  }
}
