// Drives a receiver directly, from a process of its own (as Switchboard's worker would be), over
// CLIENTS keep-alive connections: a warm-up, then ROUNDS rounds of EXCHANGES exchanges. Prints
// {"rates": [...]} (exchanges per second of each round) on stdout. Started by loopback.ts.
import { Pool } from 'undici';
import { buildPayload } from '../src/domain/outgoing-hooks/payload.js';
import { USER_AGENT } from '../src/app/outgoing-hooks/deliver.js';
import { closedLoop, now } from './load.js';

const [url, concurrencyText, exchangesText, roundsText] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const exchanges = Number(exchangesText);
const rounds = Number(roundsText);

// The body and headers of a real delivery of a short post, so the receiver parses what it would.
const ID = 'abcdefghijkmnopqrstuvwxyz1';
const bodyFor = (seq: number) =>
  JSON.stringify(buildPayload({
    hook: { token: ID, team_id: ID },
    triggerWord: 'ping',
    post: { id: ID, create_at: Date.now(), message: `ping ${seq}` },
    channel: { id: ID, name: 'bench-channel' },
    team: { name: 'bench-team' },
    user: { id: ID, username: 'bench-member' },
  }));
const headers = {
  'content-type': 'application/json',
  accept: 'application/json',
  'user-agent': USER_AGENT,
  'webhook-id': ID,
  'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
  'webhook-signature': `v1,${'x'.repeat(44)}`,
};

const pool = new Pool(url, { connections: concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
let seq = 0;
const exchange = async () => {
  const res = await pool.request({ path: '/', method: 'POST', headers, body: bodyFor(++seq) });
  await res.body.text();
  if (res.statusCode !== 200) throw new Error(`the receiver answered ${res.statusCode}`);
};

await closedLoop(Math.min(2000, exchanges), concurrency, exchange); // warm-up
const rates: number[] = [];
for (let r = 0; r < rounds; r++) {
  const t0 = now();
  await closedLoop(exchanges, concurrency, exchange);
  rates.push((exchanges * 1000) / (now() - t0));
}
await pool.close();
process.stdout.write(JSON.stringify({ rates }));
