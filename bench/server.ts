// A real Switchboard for the end-to-end scenarios: its own operating-system process (node
// dist/src/main.js, as an admin runs it) over a fresh SQLite file or PostgreSQL database.
//
// Why a separate process: this machine has two cores. With the server in the benchmark's own
// process, the load generator, the receivers and the websocket listener would share one event loop
// with the server, and every cost of the instrument would be charged to Switchboard. As a process of
// its own the server gets a core of its own, its resident size can be read on its own (the memory
// scenario), and its CPU can be profiled alone (--profile).
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '@mattermost/client';
import { freePort, startServerProcess, type ServerProcess } from '../test/support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../test/support/databases.js';
import { assertRunning, onCleanup } from './cleanup.js';

const { Client4 } = pkg as unknown as { Client4: new () => any };
export type Client = any;

const PRELOAD = join(dirname(fileURLToPath(import.meta.url)), 'server-preload.js');

export interface ServerOptions {
  /** Extra configuration merged over the benchmark defaults (per section). */
  config?: Record<string, Record<string, unknown>>;
  /** Where CPU profiles go; profiling is toggled with profileStart/profileStop. */
  profileDir?: string;
}

export interface BenchServer {
  kind: 'sqlite' | 'postgres';
  url: string;
  database: TestDatabase;
  /** Process id of the running server. */
  pid(): number;
  /** Resident set size of the server process, in MB. */
  rssMb(): number;
  /** CPU time the server process has used so far (user + system, all threads), in ms; NaN where unknown. */
  cpuMs(): number;
  /** Stops the process (the database stays). */
  stop(): Promise<void>;
  /** Starts the process again over the same database (after stop). */
  start(): Promise<void>;
  /** Starts the server-side CPU profiler (needs profileDir). */
  profileStart(): void;
  /**
   * Stops it and saves the profile as `<profileDir>/<name>.cpuprofile`, the SQL statements run as
   * `<name>.sql.json` and `meta` (what the window did, e.g. how many posts) as `<name>.meta.json`.
   */
  profileStop(name: string, meta?: Record<string, unknown>): Promise<string | null>;
  /** Stops the process, drops the database, removes the temp files. */
  dispose(): Promise<void>;
}

export async function startBenchServer(kind: 'sqlite' | 'postgres', opts: ServerOptions = {}): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const removeDir = onCleanup(`temp dir ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  const database = await createTestDatabase(kind);
  const dropDatabase = onCleanup(`${kind} database`, () => database.drop());
  const port = await freePort();
  const configPath = join(dir, 'config.json');
  const extra = opts.config ?? {};
  const config = {
    ...extra,
    ServiceSettings: { EnableOutgoingWebhooks: true, AllowedUntrustedInternalConnections: '127.0.0.1', ...extra.ServiceSettings },
    SqlSettings: { DriverName: database.driver, DataSource: database.dataSource },
  };
  const env: Record<string, string> = {
    MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PRELOAD}`.trim(),
  };
  const profileDir = opts.profileDir;
  if (profileDir) env.SWITCHBOARD_BENCH_PROFILE_DIR = profileDir;

  let proc: ServerProcess | null = null;
  let starting: Promise<unknown> = Promise.resolve();
  let profiles = 0;
  const stopProcess = async () => {
    await starting.catch(() => undefined); // a process still starting is stopped once it answers
    const p = proc;
    proc = null;
    if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
    p.child.kill('SIGTERM');
    const killer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
    await p.exited;
    clearTimeout(killer);
  };
  const unregisterProcess = onCleanup(`${kind} server process`, stopProcess);
  const start = async () => {
    assertRunning(); // checked in the same synchronous step as the spawn below
    const launched = startServerProcess({ configPath, config, env, port });
    starting = launched;
    proc = await launched;
  };
  await start();

  const server: BenchServer = {
    kind,
    url: `http://127.0.0.1:${port}`,
    database,
    pid: () => proc?.child.pid ?? 0,
    rssMb: () => rssMb(server.pid()),
    cpuMs: () => cpuMs(server.pid()),
    stop: stopProcess,
    start,
    profileStart() {
      if (proc && profileDir) proc.child.kill('SIGUSR2');
    },
    async profileStop(name, meta = {}) {
      if (!proc || !profileDir) return null;
      const written = join(profileDir, `profile-${server.pid()}-${++profiles}`);
      proc.child.kill('SIGUSR2');
      const deadline = Date.now() + 20_000;
      while (!existsSync(`${written}.cpuprofile`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (!existsSync(`${written}.cpuprofile`)) return null;
      const target = join(profileDir, name);
      renameSync(`${written}.cpuprofile`, `${target}.cpuprofile`);
      if (existsSync(`${written}.sql.json`)) renameSync(`${written}.sql.json`, `${target}.sql.json`);
      writeFileSync(`${target}.meta.json`, JSON.stringify({ name, kind, ...meta }, null, 1));
      return `${target}.cpuprofile`;
    },
    async dispose() {
      await unregisterProcess();
      await dropDatabase();
      await removeDir();
    },
  };
  return server;
}

/** Resident set size of a process in MB (Linux /proc, ps elsewhere). */
export function rssMb(pid: number): number {
  if (!pid) return NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
    if (Number.isFinite(kb)) return kb / 1024;
  } catch {
    /* not Linux */
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}

/**
 * CPU time of a process in ms, from /proc (Linux; NaN elsewhere). Unlike wall time it does not grow
 * while other programs on a busy machine hold the cores.
 */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface Person {
  client: Client;
  token: string;
  id: string;
  username: string;
}

export interface BenchWorld {
  /** System admin; listens on the websocket. */
  admin: Person;
  /** The user who posts. */
  member: Person;
  team: { id: string; name: string };
  channel: { id: string; name: string };
}

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export function clientFor(url: string, token?: string): Client {
  const c = new Client4();
  c.setUrl(url);
  if (token) c.setToken(token);
  return c;
}

async function person(url: string, admin: Client | null, prefix: string): Promise<Person> {
  const username = uniqueName(prefix);
  const creator = admin ?? clientFor(url);
  const user = await creator.createUser({ username, email: `${username}@example.com`, password: 'password1' });
  const c = clientFor(url);
  await c.login(username, 'password1');
  return { client: c, token: c.getToken(), id: user.id, username };
}

/** The first user (system admin), a member, a team and a public channel both are in. */
export async function buildWorld(server: BenchServer): Promise<BenchWorld> {
  const admin = await person(server.url, null, 'admin');
  const member = await person(server.url, admin.client, 'member');
  const team = await admin.client.createTeam({ name: uniqueName('bench'), display_name: 'Bench', type: 'O' });
  await admin.client.addToTeam(team.id, member.id);
  const channel = await newChannel(admin, team.id, [member.id]);
  return { admin, member, team: { id: team.id, name: team.name }, channel };
}

/** A fresh public channel of the team with the given users in it (the creator is in it already). */
export async function newChannel(admin: Person, teamId: string, userIds: string[]): Promise<{ id: string; name: string }> {
  const name = uniqueName('bench').toLowerCase();
  const ch = await admin.client.createChannel({ team_id: teamId, name, display_name: name, type: 'O' });
  for (const id of userIds) await admin.client.addToChannel(id, ch.id);
  return { id: ch.id, name: ch.name };
}
