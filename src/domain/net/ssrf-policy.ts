// The SSRF rule of spec §8: which hosts and resolved addresses an outgoing request to an integration
// (an outgoing webhook today) may connect to.
// Pure: the allow-list text, the resolved addresses and the server's own addresses are all parameters.

import { inNetworks, parseCidr, parseIp, sameIp, type Cidr, type IpAddress } from './ip-address.js';

export interface SsrfPolicy {
  /** Exact host strings (names or IP literals) that skip every address check. */
  readonly hostEntries: ReadonlySet<string>;
  /** Networks whose addresses are allowed even when reserved or own. */
  readonly networks: readonly Cidr[];
}

/** The server's interface addresses; 'all' when they could not be listed (then every address counts as own). */
export type OwnAddresses = readonly string[] | 'all';

export type HostDecision =
  | { readonly kind: 'allowed-without-checks' }
  /** literal is set when the host is an IP literal, which "resolves" to itself. */
  | { readonly kind: 'must-resolve'; readonly literal: string | null };

/** Parses ServiceSettings.AllowedUntrustedInternalConnections (spec §8.1). */
export function parseAllowList(text: string): SsrfPolicy {
  const hostEntries = new Set<string>();
  const networks: Cidr[] = [];
  for (const entry of text.split(/[\s,]+/)) {
    if (entry === '') continue;
    const cidr = parseCidr(entry);
    if (cidr) networks.push(cidr);
    else hostEntries.add(entry);
  }
  return { hostEntries, networks };
}

const RESERVED: readonly Cidr[] = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '0.0.0.0/8', '169.254.0.0/16',
  '192.0.0.0/24', '192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '192.88.99.0/24', '198.18.0.0/15',
  '224.0.0.0/4', '240.0.0.0/4', '255.255.255.255/32', '100.64.0.0/10',
  '::/128', '::1/128', '100::/64', '2001::/23', '2001:2::/48', '2001:db8::/32', '2001::/32',
  'fc00::/7', 'fe80::/10', 'ff00::/8', '2002::/16', '64:ff9b::/96', '2001:10::/28', '2001:20::/28',
  // IPv4-compatible (::a.b.c.d, deprecated) and IPv4-translated (::ffff:0:a.b.c.d) addresses carry an
  // IPv4 address that some stacks reach through them, so they are never public; nor is the old
  // site-local range, which some networks still route internally.
  '::/96', '::ffff:0:0:0/96', 'fec0::/10',
].map((text) => {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`bad reserved range ${text}`);
  return cidr;
});

const isReserved = (ip: IpAddress) => inNetworks(RESERVED, ip);

/** True for an address in a reserved range of spec §8. Text that is not an IP counts as reserved (fail closed). */
export function isReservedAddress(ip: string): boolean {
  const parsed = parseIp(ip);
  return parsed === null || isReserved(parsed);
}

const stripBrackets = (host: string) => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

/** Spec §8.2: a host entry matching the URL's host (no port, no brackets) skips every check. */
export function decideHost(host: string, policy: SsrfPolicy): HostDecision {
  const bare = stripBrackets(host);
  if (policy.hostEntries.has(bare)) return { kind: 'allowed-without-checks' };
  return { kind: 'must-resolve', literal: parseIp(bare) ? bare : null };
}

/** Spec §8.3: the resolved addresses that may be connected to, in resolution order. */
export function vetAddresses(addresses: readonly string[], policy: SsrfPolicy, ownAddresses: OwnAddresses): string[] {
  const own = ownAddresses === 'all' ? 'all' : ownAddresses.map(parseIp).filter((ip): ip is IpAddress => ip !== null);
  return addresses.filter((text) => {
    const ip = parseIp(text);
    if (ip === null) return false;
    if (inNetworks(policy.networks, ip)) return true;
    const isOwn = own === 'all' || own.some((o) => sameIp(o, ip));
    return !isReserved(ip) && !isOwn;
  });
}
