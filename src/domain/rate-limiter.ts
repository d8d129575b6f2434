// Rate limiting per client address: a token bucket per key, refilled continuously, so a client may
// spend a minute's allowance in a burst and then one more request each 1/limit of a minute. Pure:
// the time is passed in.
import { ipv6Prefix, parseIp } from './net/ip-address.js';

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** `maxKeys` bounds memory: past it the least recently used keys are forgotten. */
  constructor(private readonly maxKeys = 100_000) {}

  /** Spends one request of `key` at `now`: 0 when allowed, else the milliseconds until one is. */
  take(key: string, now: number, perMinute: number): number {
    const perMs = perMinute / 60_000;
    const bucket = this.buckets.get(key);
    // A lower limit applies at once: no bucket holds more than the current allowance.
    const tokens = bucket ? Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.at) * perMs) : perMinute;
    if (tokens < 1) return Math.ceil((1 - tokens) / perMs);
    this.buckets.delete(key); // re-inserted last: Map order is then least recently used first
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    return 0;
  }
}

/**
 * The key a client address is limited under. An IPv6 client usually holds a whole /64, so the /64 is
 * the client; IPv4-mapped IPv6 is its IPv4 address. Anything unparsable is its own key.
 */
export function addressKey(address: string): string {
  const ip = parseIp(address);
  if (!ip) return address;
  return ip.family === 4 ? `4:${ip.address}` : `6:${ipv6Prefix(ip, 4)}`;
}
