// Hook management under load: what creating the 10,000th outgoing hook of a team costs through the
// API, against creating the 1st hook of a team, on SQLite and PostgreSQL. The 9,999 hooks before it
// are written straight into the database (through the API today that alone takes far longer than
// the whole run may); the server is restarted so it loads them as after any restart.
import { Pool } from 'undici';
import { PG_ADMIN_URL, postgresReachable } from '../test/support/databases.js';
import type { BenchContext } from './context.js';
import { median, now } from './load.js';
import { scenario, type Scenario } from './scenario.js';
import { seedHooks, withStore } from './seed.js';
import { buildWorld, startBenchServer } from './server.js';

const TARGET_HOOK = 10_000;
const SAMPLES = 5;
const WARMUP = 3;

export const hookCreationScenarioNames = ['hook-create/sqlite', 'hook-create/postgres'];

export async function hookCreation(ctx: BenchContext): Promise<Scenario[]> {
  const out: Scenario[] = [];
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (kind === 'postgres' && !(await postgresReachable())) {
      ctx.note(`PostgreSQL not reachable at ${PG_ADMIN_URL}: hook-create/postgres is skipped`);
      continue;
    }
    out.push(await hookCreationOn(kind, ctx));
  }
  return out;
}

async function hookCreationOn(kind: 'sqlite' | 'postgres', ctx: BenchContext): Promise<Scenario> {
  const server = await startBenchServer(kind);
  try {
    const world = await buildWorld(server);
    const admin = world.admin;
    const bigTeam = await admin.client.createTeam({ name: `big${Date.now().toString(36)}`, display_name: 'Big', type: 'O' });
    // Fresh teams for first hooks: warm-up ones, then one per sample.
    const emptyTeams: string[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const t = await admin.client.createTeam({ name: `empty${Date.now().toString(36)}${i}`, display_name: `Empty ${i}`, type: 'O' });
      emptyTeams.push(t.id);
    }
    await server.stop();
    const seedStart = now();
    await withStore(server, (store) => seedHooks(store, bigTeam.id, admin.id, TARGET_HOOK - 1));
    ctx.note(`hook-create/${kind}: ${(TARGET_HOOK - 1).toLocaleString('en')} hooks written into one team in ${((now() - seedStart) / 1000).toFixed(1)} s, then the server restarted`);
    await server.start();

    const pool = new Pool(server.url, { connections: 1, keepAliveTimeout: 60_000 });
    let word = 0;
    const create = async (teamId: string) => {
      const body = JSON.stringify({
        team_id: teamId, trigger_words: [`fresh${++word}`], trigger_when: 0,
        callback_urls: [`http://127.0.0.1:9/fresh/${word}`], content_type: 'application/json', display_name: `fresh ${word}`,
      });
      const t0 = now();
      const res = await pool.request({
        path: '/api/v4/hooks/outgoing', method: 'POST', body,
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      });
      const text = await res.body.text();
      const ms = now() - t0;
      if (res.statusCode !== 201) throw new Error(`creating a hook answered ${res.statusCode}: ${text.slice(0, 200)}`);
      return ms;
    };
    try {
      for (let i = 0; i < WARMUP; i++) await create(emptyTeams[i]);
      const first: number[] = [];
      const big: number[] = [];
      // Alternating, so drift of a busy machine hits both alike.
      for (let i = 0; i < SAMPLES; i++) {
        first.push(await create(emptyTeams[WARMUP + i]));
        big.push(await create(bigTeam.id));
      }
      const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
      ctx.note(`hook-create/${kind}: 1st hook of a team ${fmt(first)} ms; hooks ${TARGET_HOOK.toLocaleString('en')}-${(TARGET_HOOK + SAMPLES - 1).toLocaleString('en')} of one team ${fmt(big)} ms (medians count)`);
      return scenario(`hook-create/${kind}`, median(big), 'ms', median(first), '<= 2');
    } finally {
      await pool.close();
    }
  } finally {
    await server.dispose();
  }
}
