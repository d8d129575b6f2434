// The server's own interface addresses for the SSRF own-address rule (spec §8). When the
// interfaces cannot be listed the rule fails closed: every address then counts as own.

import { networkInterfaces } from 'node:os';
import type { OwnAddresses } from '../../domain/net/ssrf-policy.js';

export function readOwnAddresses(list: typeof networkInterfaces = networkInterfaces): OwnAddresses {
  try {
    const out: string[] = [];
    for (const infos of Object.values(list())) {
      for (const info of infos ?? []) out.push(info.address);
    }
    return out;
  } catch {
    return 'all';
  }
}
