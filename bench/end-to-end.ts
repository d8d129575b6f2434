// Posts against a real Switchboard on SQLite or PostgreSQL: plain posts (nothing fires), posts that
// fire one hook and are answered end to end (post → delivery → reply stored), and the latency from
// a post to its receiver at half the end-to-end rate, each beside its baseline from this run.
//
// A rate is N posts from CLIENTS clients at once, divided by the time from the first post until the
// last one is done: answered 201 for a plain post, its reply broadcast (so stored) for a hook post.
// Rounds of the two alternate, so drift of a busy machine hits both alike; the median round counts.
// The server's CPU time per post (e2e-cpu) is reported too: a CPU-bound server's end-to-end ratio
// is at most plain CPU / end-to-end CPU, whatever else runs on the machine.
import { PG_ADMIN_URL, postgresReachable } from '../test/support/databases.js';
import { startReceiver } from '../test/support/receiver.js';
import { onCleanup } from './cleanup.js';
import type { BenchContext } from './context.js';
import { CLIENTS, closedLoop, median, now, openLoop, percentile, Poster, ReplyListener, timingResponder, waitForArrivals } from './load.js';
import { scenario, type Scenario } from './scenario.js';
import { buildWorld, startBenchServer, type BenchServer } from './server.js';
import { withStore } from './seed.js';

const WARMUP_POSTS = 200;
const POSTS_PER_ROUND = 600;
const ROUNDS = 3;
/** A round that has not finished by then counts what was done (the rate is then a ceiling). */
const ROUND_LIMIT_MS = 30_000;
const LATENCY_WARMUP_MS = 2_000;
const LATENCY_MS = 8_000;
/** How long after the last latency post the receiver may still get it. */
const LATENCY_DRAIN_MS = 20_000;

export const endToEndScenarioNames = (kind: string) => ['plain-posts', 'e2e-rate', 'e2e-cpu', 'e2e-p50', 'e2e-p99'].map((n) => `${n}/${kind}`);

export async function endToEnd(kind: 'sqlite' | 'postgres', ctx: BenchContext): Promise<Scenario[]> {
  if (kind === 'postgres' && !(await postgresReachable())) {
    ctx.note(`PostgreSQL not reachable at ${PG_ADMIN_URL}: the PostgreSQL end-to-end scenarios are skipped`);
    return [];
  }
  const limit = await ctx.loopbackRate();
  const server = await startBenchServer(kind, { profileDir: ctx.profileDir });
  try {
    return await measureEndToEnd(server, ctx, limit);
  } finally {
    await server.dispose();
  }
}

async function measureEndToEnd(server: BenchServer, ctx: BenchContext, loopbackRate: number): Promise<Scenario[]> {
  const { kind } = server;
  const world = await buildWorld(server);
  const arrivals = new Map<number, number>();
  const receiver = await startReceiver(timingResponder(arrivals));
  const closeReceiver = onCleanup('receiver', () => receiver.close());
  await world.admin.client.createOutgoingWebhook({
    team_id: world.team.id, channel_id: world.channel.id, trigger_words: ['ping'], trigger_when: 0,
    callback_urls: [receiver.url], content_type: 'application/json', display_name: 'bench',
  });
  const listener = await ReplyListener.connect(server.url, world.admin.token);
  const poster = new Poster(server.url, world.member.token);
  const channelId = world.channel.id;
  let seq = 0;

  // Server CPU time per post, the cost that stays put when the machine is busy (wall time does not),
  // and the share of a core the server got while the round ran.
  const cpu = { plain: [] as number[], hooked: [] as number[], plainShare: [] as number[], hookedShare: [] as number[], generator: [] as number[] };
  const ownCpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  /** N posts that fire nothing; posts per second. */
  const plainRound = async (n: number) => {
    const t0 = now();
    const c0 = server.cpuMs();
    let ok = 0;
    await closedLoop(n, CLIENTS, async () => void ((await poster.post(channelId, `hello ${++seq}`)) && ok++));
    cpu.plain.push((server.cpuMs() - c0) / n);
    cpu.plainShare.push((server.cpuMs() - c0) / (now() - t0));
    return (ok * 1000) / (now() - t0);
  };
  /** N posts that fire the hook; posts per second whose reply is stored. */
  const hookRound = async (n: number) => {
    const t0 = now();
    const c0 = server.cpuMs();
    const g0 = ownCpuMs();
    const deadline = t0 + ROUND_LIMIT_MS;
    const seqs: number[] = [];
    await closedLoop(n, CLIENTS, async () => {
      const s = ++seq;
      seqs.push(s);
      await poster.post(channelId, `ping ${s}`);
    }, deadline);
    const done = await listener.waitFor(seqs, deadline);
    const end = done === seqs.length ? Math.max(...seqs.map((s) => listener.stored.get(s)!)) : now();
    if (done < n) ctx.note(`${kind}: a hook round had ${done} of ${n} replies stored after ${ROUND_LIMIT_MS / 1000} s; its rate counts those`);
    cpu.hooked.push((server.cpuMs() - c0) / n);
    cpu.hookedShare.push((server.cpuMs() - c0) / (now() - t0));
    cpu.generator.push((ownCpuMs() - g0) / (now() - t0));
    return (done * 1000) / (end - t0);
  };

  try {
    await plainRound(WARMUP_POSTS);
    await hookRound(WARMUP_POSTS);
    const plain: number[] = [];
    const hooked: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const profiled = r === 0 && ctx.profileDir !== undefined;
      if (profiled) server.profileStart();
      plain.push(await plainRound(POSTS_PER_ROUND));
      if (profiled) note(ctx, await server.profileStop(`${kind}-plain-posts`, { posts: POSTS_PER_ROUND, cpuMsPerPost: cpu.plain.at(-1), what: 'plain posts, closed loop' }));
      if (profiled) server.profileStart();
      hooked.push(await hookRound(POSTS_PER_ROUND));
      if (profiled) note(ctx, await server.profileStop(`${kind}-end-to-end`, { posts: POSTS_PER_ROUND, cpuMsPerPost: cpu.hooked.at(-1), what: 'posts firing one hook, closed loop, until every reply is stored' }));
    }
    const plainRate = median(plain)!;
    const e2eRate = median(hooked)!;
    ctx.note(`${kind}: ${ROUNDS} alternating rounds of ${POSTS_PER_ROUND} posts from ${CLIENTS} clients; plain ${plain.map((x) => x.toFixed(0)).join(', ')} /s; end to end ${hooked.map((x) => x.toFixed(0)).join(', ')} /s`);
    const cpuPlain = median(cpu.plain.slice(1))!;
    const cpuHooked = median(cpu.hooked.slice(1))!;
    ctx.note(`${kind}: server CPU per post (median of the rounds after warm-up): plain ${cpuPlain.toFixed(2)} ms, end to end ${cpuHooked.toFixed(2)} ms; a server bound by CPU alone would reach ${(cpuPlain / cpuHooked).toFixed(2)}× plain end to end; it had ${pctList(cpu.plainShare.slice(1))} of a core in the plain rounds, ${pctList(cpu.hookedShare.slice(1))} in the end-to-end ones (the load generator, receiver and listener process: ${pctList(cpu.generator.slice(1))})`);

    // Latency at half the end-to-end rate: an open loop, so arrivals do not wait for answers.
    const rate = e2eRate / 2;
    const plainLatency: number[] = [];
    const plainLoad = (record: boolean) => async () => {
      const t0 = now();
      if ((await poster.post(channelId, `hello ${++seq}`)) && record) plainLatency.push(now() - t0);
    };
    await openLoop(rate, LATENCY_WARMUP_MS, plainLoad(false));
    await openLoop(rate, LATENCY_MS, plainLoad(true));

    const sent = new Map<number, number>();
    const hookLoad = (record: boolean) => async () => {
      const s = ++seq;
      if (record) sent.set(s, now());
      await poster.post(channelId, `ping ${s}`);
    };
    await openLoop(rate, LATENCY_WARMUP_MS, hookLoad(false));
    if (ctx.profileDir) server.profileStart();
    const since = Date.now();
    const halfCpu0 = server.cpuMs();
    await openLoop(rate, LATENCY_MS, hookLoad(true));
    const seqs = [...sent.keys()];
    const drainDeadline = now() + LATENCY_DRAIN_MS;
    const arrived = await waitForArrivals(arrivals, seqs, drainDeadline);
    await listener.waitFor(seqs, drainDeadline);
    const halfCpu = (server.cpuMs() - halfCpu0) / seqs.length;
    if (ctx.profileDir) note(ctx, await server.profileStop(`${kind}-half-load`, { posts: seqs.length, cpuMsPerPost: halfCpu, what: `posts firing one hook at ${rate.toFixed(1)}/s, open loop` }));
    const cutoff = now();
    // A post its receiver never saw counts as seen at the cut-off: its true latency is larger still.
    const toReceiver = seqs.map((s) => (arrivals.get(s) ?? cutoff) - sent.get(s)!);
    const toReply = seqs.map((s) => (listener.stored.get(s) ?? cutoff) - sent.get(s)!);
    const fmt = (xs: number[]) => `p50 ${percentile(xs, 50)!.toFixed(1)} ms, p99 ${percentile(xs, 99)!.toFixed(1)} ms`;
    ctx.note(`${kind}: half load = ${rate.toFixed(1)} posts/s for ${LATENCY_MS / 1000} s after ${LATENCY_WARMUP_MS / 1000} s of warm-up (${seqs.length} hook posts, ${plainLatency.length} plain posts, open loop)`);
    ctx.note(`${kind}: server CPU per half-load post ${halfCpu.toFixed(2)} ms`);
    ctx.note(`${kind}: post → receiver ${fmt(toReceiver)}; post → reply stored ${fmt(toReply)}; plain post answered ${fmt(plainLatency)}`);
    ctx.note(`${kind}: inside the server (its own clock, ms resolution): ${await serverSideTimes(server, since)}`);
    // If the machine got busier since the rate was measured, "half load" may be more than the server
    // can now take: the queue then grows through the phase, and the figures measure the queue.
    const quarter = Math.max(1, Math.floor(toReceiver.length / 4));
    const early = percentile(toReceiver.slice(0, quarter), 50)!;
    const late = percentile(toReceiver.slice(-quarter), 50)!;
    if (late > 3 * early && late - early > 20) {
      ctx.note(`${kind}: WARNING: post → receiver grew from p50 ${early.toFixed(1)} ms in the first quarter to ${late.toFixed(1)} ms in the last: the server fell behind at this rate, so the latencies include a growing queue`);
    }
    if (arrived < seqs.length) ctx.note(`${kind}: ${seqs.length - arrived} of ${seqs.length} half-load posts never reached the receiver within ${LATENCY_DRAIN_MS / 1000} s; counted at the cut-off`);
    if (poster.failures > 0) ctx.note(`${kind}: ${poster.failures} posts failed, last: ${poster.lastFailure}`);

    return [
      scenario(`plain-posts/${kind}`, plainRate, '/s', loopbackRate, null),
      scenario(`e2e-rate/${kind}`, e2eRate, '/s', plainRate, '>= 0.5'),
      // Not a target of its own: the rate ratio a CPU-bound server would reach is baseline / figure,
      // and it holds still on a busy machine where the wall-clock rates do not.
      scenario(`e2e-cpu/${kind}`, cpuHooked, 'ms', cpuPlain, null),
      scenario(`e2e-p50/${kind}`, percentile(toReceiver, 50), 'ms', percentile(plainLatency, 50), '<= 20 ms'),
      scenario(`e2e-p99/${kind}`, percentile(toReceiver, 99), 'ms', percentile(plainLatency, 99), '<= 100 ms'),
    ];
  } finally {
    listener.close();
    await poster.close();
    await closeReceiver();
  }
}

const pctList = (xs: number[]) => xs.map((x) => `${(100 * x).toFixed(0)} %`).join(', ');

/**
 * Where a half-load post's time went inside the server, from the delivery log: post created →
 * request sent (commit, wake, claim, payload reads), and the request itself.
 */
async function serverSideTimes(server: BenchServer, since: number): Promise<string> {
  const rows = await withStore(server, (_store, db) =>
    db.selectFrom('deliveries as d')
      .innerJoin('delivery_attempts as a', 'a.delivery_id', 'd.id')
      .select(['d.create_at as created', 'a.create_at as finished', 'a.duration_ms as duration'])
      .where('d.create_at', '>=', since)
      .execute(),
  );
  const queued = rows.map((r) => Number(r.finished) - Number(r.duration) - Number(r.created));
  const request = rows.map((r) => Number(r.duration));
  const fmt = (xs: number[]) => `p50 ${percentile(xs, 50)} ms, p99 ${percentile(xs, 99)} ms, max ${Math.max(...xs)} ms`;
  return rows.length === 0 ? 'no attempts recorded' : `post created → request sent ${fmt(queued)}; request ${fmt(request)} (${rows.length} attempts)`;
}

function note(ctx: BenchContext, path: string | null) {
  ctx.note(path ? `server CPU profile: ${path}` : 'server CPU profile: not written');
}
