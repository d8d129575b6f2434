// Password hashing with scrypt, a memory-hard function, so stolen hashes are costly to attack.
// Stored as "scrypt$N$r$p$salt$key" (base64), so hashes made at an older cost still verify and can
// be recognised for an upgrade.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's current guidance for scrypt: 128 MiB and about a third of a second per hash here. */
export const CURRENT_COST: ScryptCost = { N: 1 << 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
// scrypt needs 128·N·r bytes; stored hashes above this are refused rather than allocated.
const MAX_MEMORY = 256 * 1024 * 1024;

// Each hash holds 128 MiB for its whole run on libuv's thread pool, which file and DNS work share.
// Two at a time bound the memory a burst of logins can take and leave the pool room for the rest.
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

const scrypt = (password: string, salt: Buffer, keylen: number, cost: ScryptCost) =>
  withSlot(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: MAX_MEMORY };
        scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
      }),
  );

const format = (cost: ScryptCost, salt: Buffer, key: Buffer) =>
  `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;

export async function hashPassword(password: string, cost: ScryptCost = CURRENT_COST): Promise<string> {
  const salt = randomBytes(16);
  return format(cost, salt, await scrypt(password, salt, KEY_LENGTH, cost));
}

interface Parsed {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): Parsed | null {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !key) return null;
  if (![cost.N, cost.r, cost.p].every(Number.isSafeInteger) || 128 * cost.N * cost.r > MAX_MEMORY) return null;
  return { cost, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed.key.length, parsed.cost);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when `stored` was made at another cost than today's, so the next good login re-hashes it. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return false;
  const { N, r, p } = parsed.cost;
  return N !== CURRENT_COST.N || r !== CURRENT_COST.r || p !== CURRENT_COST.p || parsed.key.length !== KEY_LENGTH;
}

/**
 * A well-formed hash at today's cost that no password matches (its key is all zeros, which scrypt
 * never yields in practice): checking a login for an unknown user against it costs exactly what a
 * wrong password costs, so response times do not tell who has an account.
 */
export const UNMATCHABLE_HASH = format(CURRENT_COST, Buffer.alloc(16), Buffer.alloc(KEY_LENGTH));

/** What a bot account stores: not a hash at all, so no password ever matches it and nothing is computed. */
export const NO_PASSWORD = '!';
