// Benchmark: how long /api/v4/system/ping waits while the server turns webhook replies into posts.
// A real server process (node dist/src/main.js) on SQLite and on PostgreSQL answers pings while
// its delivery worker handles the heaviest replies the reply limits still allow, and while it
// refuses replies over the limits; the same run first measures pings on the idle server. The claim
// to check: no request waits more than 100 ms behind reply processing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkg from '@mattermost/client';
import { createTestDatabase, postgresReachable } from '../test/support/databases.js';
import { startReceiver } from '../test/support/receiver.js';
import { freePort, startServerProcess } from '../test/support/server-process.js';
import { MAX_REPLY_ATTACHMENTS, MAX_REPLY_POSTS, MAX_ATTACHMENT_ACTIONS, MAX_ATTACHMENT_FIELDS } from '../src/domain/integration-posts/reply-limits.js';
import { PROPS_MAX_CODE_POINTS } from '../src/domain/integration-posts/split.js';
import { scenario, type Scenario } from './scenario.js';

const { Client4 } = pkg as unknown as { Client4: new () => any };

/** Replies per scenario; each is one triggering post, handled while pings go on. */
const REPLIES_PER_SCENARIO = 4;
const IDLE_MS = 1_000;
const MAX_POST_SIZE = 4_000;

const fakeId = (n: number, prefix = 'z') => `${prefix}${n.toString(36)}`.padEnd(26, 'q');

/**
 * The heaviest replies still allowed, each stressing something else:
 * - structure: the longest text (10 posts of 4000 code points) made of user references, and the
 *   maximum attachments, each with the maximum fields (values that are channel references) and
 *   actions, so lookups, translation, %v formatting and packing all run at their limit;
 * - props: the longest text again with shared props just under the 760000 limit, which every one of
 *   the 10 posts carries (about 7.6 MB to store and broadcast).
 */
function worstAllowed(kind: 'structure' | 'props', users: Array<{ id: string; username: string }>): object {
  // Text that is exactly 10 posts long once translated: a quarter of the references resolve.
  const limit = MAX_REPLY_POSTS * MAX_POST_SIZE;
  let text = '';
  let translated = 0;
  for (let i = 0; translated < limit - 40; i++) {
    const user = users[i % users.length];
    const ref = i % 4 === 0 ? `<@${user.id}>` : `<@${fakeId(i)}>`;
    text += ref;
    translated += i % 4 === 0 ? 1 + user.username.length : ref.length;
  }
  text += '.'.repeat(limit - translated);
  if (kind === 'props') return { text, props: { blob: 'p'.repeat(PROPS_MAX_CODE_POINTS - 1_000) } };
  const attachments = Array.from({ length: MAX_REPLY_ATTACHMENTS }, (_, a) => ({
    title: `<#${fakeId(a, 'c')}>`,
    text: `attachment ${a} <https://example.com/${a}|link>`,
    fields: Array.from({ length: MAX_ATTACHMENT_FIELDS }, (_, f) => ({ title: 'f', value: f % 2 ? `<#${fakeId(a * 100 + f, 'c')}>` : f * 1234567, short: true })),
    actions: Array.from({ length: MAX_ATTACHMENT_ACTIONS }, (_, x) => ({ name: `a${x}`, type: 'button' })),
  }));
  return { text, attachments };
}

/**
 * Replies the limits refuse: the attacker's 340,000 empty attachments (refused before it is parsed),
 * 1 MiB of plain text (250 posts), and the heaviest reply refused only once parsed: the structure
 * reply above with one field too many.
 */
function overLimit(kind: 'values' | 'text' | 'fields', users: Array<{ id: string; username: string }>): string {
  if (kind === 'values') return `{"attachments":[${Array(340_000).fill('{}').join(',')}]}`;
  if (kind === 'text') return JSON.stringify({ text: 'x'.repeat(1_048_000) });
  const reply = worstAllowed('structure', users) as { attachments: Array<{ fields: unknown[] }> };
  reply.attachments[MAX_REPLY_ATTACHMENTS - 1].fields.push({ title: 'one too many', value: 1 });
  return JSON.stringify(reply);
}

interface Latencies {
  samples: number[];
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Sequential pings, one in flight at a time, until `until` resolves. */
async function pingWhile(url: string, until: Promise<unknown>): Promise<Latencies> {
  let done = false;
  void until.finally(() => (done = true));
  const samples: number[] = [];
  while (!done) {
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${url}/api/v4/system/ping`);
    await res.arrayBuffer();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await new Promise((r) => setTimeout(r, 2));
  }
  return { samples };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ReplyLoadRow {
  database: string;
  scenario: string;
  pings: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
}

async function runOn(kind: 'sqlite' | 'postgres'): Promise<ReplyLoadRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const database = await createTestDatabase(kind);
  const port = await freePort();
  const bodies = new Map<string, string>();
  const receiver = await startReceiver((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(bodies.get(String(req.json?.text ?? '').split(' ')[0]) ?? '{}');
  });
  const server = await startServerProcess({
    configPath: join(dir, 'config.json'),
    port,
    config: { ServiceSettings: { MaxPostSize: MAX_POST_SIZE }, WebhookSettings: { RetryScheduleSeconds: [] } },
    env: {
      MM_SQLSETTINGS_DRIVERNAME: database.driver,
      MM_SQLSETTINGS_DATASOURCE: database.dataSource,
      MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`,
      MM_SERVICESETTINGS_ENABLEOUTGOINGWEBHOOKS: 'true',
      MM_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS: '127.0.0.1',
    },
  });
  const rows: ReplyLoadRow[] = [];
  try {
    const client = new Client4();
    client.setUrl(server.url);
    await client.createUser({ username: 'benchadmin', email: 'benchadmin@example.com', password: 'password1' });
    await client.login('benchadmin', 'password1');
    const team = await client.createTeam({ name: 'bench', display_name: 'Bench', type: 'O' });
    const town = await client.getChannelByName(team.id, 'town-square');
    const me = await client.getMe();
    const users: Array<{ id: string; username: string }> = [{ id: me.id, username: me.username }];
    for (let i = 0; i < 6; i++) {
      const u = await client.createUser({ username: `benchuser${i}`, email: `benchuser${i}@example.com`, password: 'password1' });
      await client.addToTeam(team.id, u.id);
      await client.addToChannel(u.id, town.id);
      users.push({ id: u.id, username: u.username });
    }
    const hook = await client.createOutgoingWebhook({
      team_id: team.id, channel_id: town.id, trigger_words: [], callback_urls: [receiver.url], content_type: 'application/json',
    });
    bodies.set('structure', JSON.stringify(worstAllowed('structure', users)));
    bodies.set('props', JSON.stringify(worstAllowed('props', users)));
    for (const kind of ['values', 'text', 'fields'] as const) bodies.set(kind, overLimit(kind, users));
    for (const [name, body] of bodies) {
      if (Buffer.byteLength(body) > 1_048_576) throw new Error(`the ${name} reply is over 1 MiB: the benchmark would measure the wrong refusal`);
    }

    let finished = 0;
    const succeeded = async () => {
      const list = await client.doFetch(`${client.getOutgoingHookRoute(hook.id)}/deliveries?state=succeeded&per_page=200`, { method: 'get' });
      return list as Array<{ reply_error: string; reply_post_ids: string[] }>;
    };
    const scenario = async (label: string, words: string[]) => {
      const target = finished + REPLIES_PER_SCENARIO * words.length;
      const work = (async () => {
        for (let i = 0; i < REPLIES_PER_SCENARIO; i++) {
          for (const w of words) await client.createPost({ channel_id: town.id, message: `${w} ${i}` });
        }
        const deadline = Date.now() + 30_000;
        for (;;) {
          const list = await succeeded();
          if (list.length >= target) return list;
          if (Date.now() > deadline) {
            const all = await client.doFetch(`${client.getOutgoingHookRoute(hook.id)}/deliveries?per_page=200`, { method: 'get' });
            const states = all.map((d: { state: string; last_error: string }) => `${d.state} ${d.last_error}`.trim());
            throw new Error(`${label}: ${list.length} of ${target} deliveries succeeded in time; states: ${[...new Set(states)].join('; ')}`);
          }
          await sleep(100);
        }
      })();
      const { samples } = await pingWhile(server.url, work);
      const list = await work;
      finished = list.length;
      rows.push({ database: kind, scenario: label, pings: samples.length, medianMs: percentile(samples, 50), p99Ms: percentile(samples, 99), maxMs: Math.max(...samples) });
      return list.slice(0, REPLIES_PER_SCENARIO * words.length);
    };

    await pingWhile(server.url, sleep(300)); // warm-up: connections, JIT
    const idle = await pingWhile(server.url, sleep(IDLE_MS));
    rows.push({ database: kind, scenario: 'idle', pings: idle.samples.length, medianMs: percentile(idle.samples, 50), p99Ms: percentile(idle.samples, 99), maxMs: Math.max(...idle.samples) });
    const allowed = await scenario('worst allowed replies', ['structure', 'props']);
    const refused = await scenario('over-limit replies', ['values', 'text', 'fields']);
    const posted = allowed.reduce((n, d) => n + d.reply_post_ids.length, 0);
    const errors = [...new Set(refused.map((d) => d.reply_error))].join(', ');
    console.log(`  ${kind}: allowed replies made ${posted} posts (reply errors: ${[...new Set(allowed.map((d) => d.reply_error || 'none'))].join(', ')}); refused replies: ${errors}`);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await receiver.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** Prints the detail per reply kind; returns, per database, the longest ping wait against idle (target: under 100 ms). */
export async function replyLoad(): Promise<Scenario[]> {
  console.log(`reply load: /api/v4/system/ping latency while a server process handles webhook replies (${REPLIES_PER_SCENARIO} of each kind)`);
  console.log(`  worst allowed = ${MAX_REPLY_POSTS} posts of text full of <@id> references plus ${MAX_REPLY_ATTACHMENTS} attachments × ${MAX_ATTACHMENT_FIELDS} fields × ${MAX_ATTACHMENT_ACTIONS} actions, and ${MAX_REPLY_POSTS} posts each carrying ~${PROPS_MAX_CODE_POINTS.toLocaleString('en')} code points of props`);
  console.log(`  over limit    = 340,000 empty attachments, 1 MiB of plain text, and the structure reply with ${MAX_ATTACHMENT_FIELDS + 1} fields on one attachment`);
  const kinds: Array<'sqlite' | 'postgres'> = (await postgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];
  if (kinds.length === 1) console.log('  (PostgreSQL not reachable: SQLite only)');
  const rows: ReplyLoadRow[] = [];
  for (const kind of kinds) rows.push(...(await runOn(kind)));
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`.padStart(9);
  const scenarios: Scenario[] = [];
  for (const kind of kinds) {
    const idle = rows.find((r) => r.database === kind && r.scenario === 'idle')!;
    for (const r of rows.filter((x) => x.database === kind)) {
      const ratio = r === idle ? '' : `  ratio to idle: median ${(r.medianMs / idle.medianMs).toFixed(2)}×, max ${(r.maxMs / idle.maxMs).toFixed(2)}×`;
      console.log(`  ${kind.padEnd(8)} ${r.scenario.padEnd(22)} ${String(r.pings).padStart(5)} pings  median ${fmt(r.medianMs)}  p99 ${fmt(r.p99Ms)}  max ${fmt(r.maxMs)}${ratio}`);
    }
    const worst = Math.max(...rows.filter((r) => r.database === kind && r !== idle).map((r) => r.maxMs));
    console.log(`  ${kind.padEnd(8)} longest wait under reply load: ${worst.toFixed(1)} ms (claim: under 100 ms; idle max ${idle.maxMs.toFixed(1)} ms)`);
    scenarios.push(scenario(`reply-load-max-wait/${kind}`, worst, 'ms', idle.maxMs, '<= 100 ms'));
  }
  return scenarios;
}
