// Runs Switchboard as a real operating-system process (node dist/src/main.js), the way an admin
// does, so tests can kill it with SIGKILL and start it again over the same database.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'main.js');

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Resolves with the exit signal or code once the process is gone. */
  exited: Promise<string>;
}

/**
 * Writes `config` to `configPath` (only if given) and starts the server with MM_CONFIG and the
 * `env` overrides; resolves once the server is ready (its readiness check answers OK).
 */
export async function startServerProcess(opts: { configPath: string; config?: unknown; env: Record<string, string>; port: number }): Promise<ServerProcess> {
  if (opts.config !== undefined) writeFileSync(opts.configPath, JSON.stringify(opts.config, null, 2));
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...opts.env, MM_CONFIG: opts.configPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (c) => (log += c));
  child.stderr!.on('data', (c) => (log += c));
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  const url = `http://127.0.0.1:${opts.port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (gone) throw new Error(`the server process exited during start:\n${log}`);
    try {
      // Ready, not just listening: the readiness check answers OK only once the database does.
      if ((await fetch(`${url}/api/v4/system/ping?get_server_status=true`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server process did not answer in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, child, output: () => log, exited };
}
