// Loaded into the server process (node --import) when the benchmark runs with --profile. Node 20
// refuses --cpu-prof in NODE_OPTIONS, and a whole-process profile would mix set-up with the phase
// under study; so each SIGUSR2 toggles V8's sampling profiler, and a stop writes
// `$SWITCHBOARD_BENCH_PROFILE_DIR/profile-<pid>-<n>.cpuprofile` (openable in Chrome DevTools, or
// summarised with `node dist/bench/profile-summary.js`).
//
// Beside it goes `<same name>.sql.json`: every SQL statement run in the window, with how often and
// how long. An async profile cannot say which app function a query served (the caller is gone from
// the stack when the driver runs), so the statements are counted at the drivers instead: SQLite's
// statements run synchronously on the main thread, so their time is exact (prepare included);
// PostgreSQL's time is the round trip as the caller waits for it, queueing for a pooled
// connection included.
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';

interface Tally {
  count: number;
  ms: number;
  maxMs: number;
}

const dir = process.env.SWITCHBOARD_BENCH_PROFILE_DIR;
if (dir) {
  let counting = false;
  let statements = new Map<string, Tally>();
  const record = (kind: string, sql: string, ms: number) => {
    if (!counting) return;
    const key = `${kind} ${sql}`;
    const t = statements.get(key) ?? { count: 0, ms: 0, maxMs: 0 };
    t.count++;
    t.ms += ms;
    t.maxMs = Math.max(t.maxMs, ms);
    statements.set(key, t);
  };

  const memory = new SQLite(':memory:');
  const statementProto = Object.getPrototypeOf(memory.prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
  memory.close();
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const original = statementProto[method];
    statementProto[method] = function (this: { source: string }, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        record(method, this.source, performance.now() - t0);
      }
    };
  }
  const dbProto = SQLite.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const prepare = dbProto.prepare;
  dbProto.prepare = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    try {
      return prepare.apply(this, args);
    } finally {
      record('prepare', String(args[0]), performance.now() - t0);
    }
  };

  const clientProto = pg.Client.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const query = clientProto.query;
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    const text = typeof config === 'string' ? config : config?.text ?? '?';
    const t0 = performance.now();
    const result = query.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => record('pg', text, performance.now() - t0),
        () => record('pg', text, performance.now() - t0),
      );
    } else record('pg', text, 0);
    return result;
  };

  // How long the event loop was blocked at a stretch (a synchronous checkpoint, a long GC...).
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });

  const session = new Session();
  session.connect();
  let running = false;
  let written = 0;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      statements = new Map();
      counting = true;
      loopDelay.reset();
      loopDelay.enable();
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 250 }, () => session.post('Profiler.start')),
      );
      return;
    }
    running = false;
    counting = false;
    loopDelay.disable();
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const eventLoopDelayMs = { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) };
    session.post('Profiler.stop', (err, result) => {
      if (err || !result) return;
      const path = join(dir, `profile-${process.pid}-${++written}`);
      const sql = [...statements].map(([statement, t]) => ({ statement, ...t })).sort((a, b) => b.ms - a.ms);
      writeFileSync(`${path}.sql.json`, JSON.stringify({ eventLoopDelayMs, statements: sql }, null, 1));
      writeFileSync(`${path}.tmp`, JSON.stringify(result.profile));
      renameSync(`${path}.tmp`, `${path}.cpuprofile`);
    });
  });
}
