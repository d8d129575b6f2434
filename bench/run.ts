// Runs every benchmark in turn (`npm run bench`), or those named (`npm run bench -- isolation`, by
// benchmark or scenario name), and prints a table of Switchboard's figures beside baselines
// measured in the same run; `--json` prints one JSON object {machine, scenarios} instead.
// `--profile DIR` CPU-profiles the server around the end-to-end phases (see docs/benchmarks.md).
//
// A benchmark is a module with one function; add it to BENCHMARKS. Whatever it returns that has the
// Scenario shape (bench/scenario.ts), alone or in an array, goes into the table; anything it prints
// itself is shown as is (on stderr under --json). Not a test: nothing here passes or fails, the
// table says which targets are met.
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { cleanupAll, stopEverything } from './cleanup.js';
import type { BenchContext } from './context.js';
import { endToEnd, endToEndScenarioNames } from './end-to-end.js';
import { hookCreation, hookCreationScenarioNames } from './hook-creation.js';
import { isolation } from './isolation.js';
import { loopback, measureLoopback } from './loopback.js';
import { memory } from './memory.js';
import { replyLoad } from './reply-load.js';
import { isScenario, table, type Scenario } from './scenario.js';
import { HOOK_COUNTS, triggerMatching } from './trigger-matching.js';

const BENCHMARKS: Array<{ name: string; run(ctx: BenchContext): unknown; scenarios?: string[] }> = [
  { name: 'loopback', run: (ctx) => loopback(ctx), scenarios: ['loopback'] },
  { name: 'trigger-matching', run: (ctx) => triggerMatching(undefined, ctx.note), scenarios: HOOK_COUNTS.map((n) => `trigger-match/${n}`) },
  { name: 'e2e-sqlite', run: (ctx) => endToEnd('sqlite', ctx), scenarios: endToEndScenarioNames('sqlite') },
  { name: 'e2e-postgres', run: (ctx) => endToEnd('postgres', ctx), scenarios: endToEndScenarioNames('postgres') },
  { name: 'hook-creation', run: (ctx) => hookCreation(ctx), scenarios: hookCreationScenarioNames },
  { name: 'isolation', run: (ctx) => isolation(ctx), scenarios: ['isolation/sqlite'] },
  { name: 'memory', run: (ctx) => memory(ctx), scenarios: ['memory/sqlite'] },
  { name: 'reply-load', run: () => replyLoad(), scenarios: ['reply-load-max-wait/sqlite', 'reply-load-max-wait/postgres'] },
];

// A guard, not a measurement: the whole run must end by itself within 10 minutes, cleanup included.
// (SWITCHBOARD_BENCH_LIMIT_S shortens it, to check that the guard cleans up.)
const LIMIT_MS = Number(process.env.SWITCHBOARD_BENCH_LIMIT_S ?? 570) * 1000;

const args = process.argv.slice(2);
const json = args.includes('--json');
const profileAt = args.indexOf('--profile');
const profileDir = profileAt === -1 ? undefined : resolveDir(args[profileAt + 1]);
const only = args.filter((a, i) => !a.startsWith('--') && !(profileAt !== -1 && i === profileAt + 1));

if (args.includes('--list')) {
  for (const b of BENCHMARKS) console.log(`${b.name.padEnd(18)} ${(b.scenarios ?? []).join(', ')}`);
  process.exit(0);
}
const unknown = only.filter((name) => !BENCHMARKS.some((b) => selects(b, name)));
if (unknown.length > 0) {
  console.error(`unknown benchmark or scenario: ${unknown.join(', ')} (npm run bench -- --list shows them)`);
  process.exit(2);
}

function resolveDir(dir: string | undefined): string {
  if (!dir || dir.startsWith('--')) {
    console.error('--profile needs a directory');
    process.exit(2);
  }
  const abs = isAbsolute(dir) ? dir : resolve(dir);
  mkdirSync(abs, { recursive: true });
  return abs;
}

function selects(b: (typeof BENCHMARKS)[number], name: string) {
  return b.name === name || (b.scenarios ?? []).includes(name);
}

// Under --json, stdout carries the JSON object alone: everything else is written to stderr.
const out = json ? (line: string) => process.stderr.write(`${line}\n`) : (line: string) => console.log(line);
if (json) console.log = (...parts: unknown[]) => out(parts.map(String).join(' '));

let stopping = false;
const guard = setTimeout(async () => {
  stopping = true;
  console.error(`benchmarks did not finish within ${LIMIT_MS / 1000} s; stopping and cleaning up`);
  await stopEverything(5_000);
  process.exit(1);
}, LIMIT_MS);
guard.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    stopping = true;
    console.error(`${signal}: cleaning up`);
    await stopEverything(5_000);
    process.exit(130);
  });
}

let loopbackRate: Promise<number> | null = null;
const ctx: BenchContext = {
  json,
  profileDir,
  note: (line) => out(`  ${line}`),
  loopbackRate: () => (loopbackRate ??= measureLoopback(ctx.note)),
};

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const cpu = cpus();
const machine = {
  cpu: cpu[0]?.model ?? 'unknown',
  cores: cpu.length,
  mhz: cpu[0]?.speed ?? 0,
  memoryMB: Math.round(totalmem() / 2 ** 20),
  freeMemoryMB: Math.round(freemem() / 2 ** 20),
  os: `${platform()} ${release()}`,
  node: process.version,
  date: new Date().toISOString(),
  loadAtStart: load(),
  loadAtEnd: '',
  seconds: 0,
};

const started = performance.now();
const scenarios: Scenario[] = [];
let failed = false;
out(`Switchboard benchmarks on ${machine.cores} × ${machine.cpu}, ${machine.memoryMB} MB, node ${machine.node}; load average ${machine.loadAtStart}`);
for (const b of BENCHMARKS) {
  if (only.length > 0 && !only.some((name) => selects(b, name))) continue;
  out(`\n${b.name}`);
  const t0 = performance.now();
  try {
    const result = await b.run(ctx);
    // Named scenarios show alone; a named benchmark shows all of its scenarios.
    const named = only.filter((name) => name !== b.name && (b.scenarios ?? []).includes(name));
    const wanted = (s: Scenario) => only.includes(b.name) || named.length === 0 || named.includes(s.name);
    for (const s of [result].flat()) if (isScenario(s) && wanted(s)) scenarios.push(s);
  } catch (e) {
    failed = true;
    if (!stopping) out(`  ${b.name} FAILED: ${(e as Error)?.stack ?? e}`);
  } finally {
    // Once the guard or a signal is stopping the run, it owns the exit: nothing more is printed.
    if (stopping) await new Promise(() => {});
    await cleanupAll();
  }
  out(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
machine.loadAtEnd = load();
machine.seconds = Math.round((performance.now() - started) / 1000);

if (json) {
  process.stdout.write(`${JSON.stringify({ machine, scenarios }, null, 2)}\n`);
} else {
  console.log(`\n${table(scenarios)}\n`);
  console.log(`done in ${machine.seconds} s (node ${machine.node}, load average ${machine.loadAtStart} at start, ${machine.loadAtEnd} at end)`);
}
process.exit(failed ? 1 : 0);
