// The limit: how many exchanges per second the receiver the end-to-end scenarios use can answer
// when driven directly from another process, over the same number of keep-alive connections as
// the posting clients. No Switchboard is involved.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startReceiver } from '../test/support/receiver.js';
import { onCleanup } from './cleanup.js';
import type { BenchContext } from './context.js';
import { CLIENTS, median, timingResponder } from './load.js';
import { scenario, type Scenario } from './scenario.js';

const DRIVER = join(dirname(fileURLToPath(import.meta.url)), 'loopback-driver.js');
const EXCHANGES = 5000;
const ROUNDS = 3;

export async function measureLoopback(note: (line: string) => void): Promise<number> {
  const arrivals = new Map<number, number>();
  const receiver = await startReceiver(timingResponder(arrivals));
  const close = onCleanup('loopback receiver', () => receiver.close());
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [DRIVER, receiver.url, String(CLIENTS), String(EXCHANGES), String(ROUNDS)], { timeout: 120_000 });
    const { rates } = JSON.parse(stdout) as { rates: number[] };
    const rate = median(rates)!;
    note(`loopback: ${ROUNDS} rounds of ${EXCHANGES} exchanges over ${CLIENTS} keep-alive connections from a separate process: ${rates.map((r) => r.toFixed(0)).join(', ')} /s (median ${rate.toFixed(0)})`);
    return rate;
  } finally {
    receiver.requests.length = 0;
    await close();
  }
}

export async function loopback(ctx: BenchContext): Promise<Scenario[]> {
  return [scenario('loopback', await ctx.loopbackRate(), '/s', null, null)];
}
