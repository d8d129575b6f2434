// IP address and CIDR arithmetic for the SSRF guard, written without node:net so the domain stays pure.
// Addresses become 32- or 128-bit integers; IPv4-mapped IPv6 (::ffff:a.b.c.d) is folded into IPv4
// because spec §8.6 checks it as its IPv4 address.

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

export interface Cidr {
  readonly family: IpFamily;
  readonly base: bigint;
  readonly prefix: number;
}

const V4_MASK = 0xffffffffn;

function parseIpv4(s: string): bigint | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    // Only canonical dotted-decimal: URL parsing and DNS already normalise other spellings,
    // and accepting "010" (octal in some stacks) would make the guard disagree with the connector.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(input: string): bigint | null {
  let s = input;
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone); // zone ids (fe80::1%eth0) do not change the address
  if (s.length === 0) return null;

  let tail: bigint | null = null;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    tail = parseIpv4(s.slice(lastColon + 1));
    if (tail === null) return null;
    s = s.slice(0, lastColon + 1) + '0:0'; // two placeholder groups, replaced below
  }

  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string): string[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    return groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups : null;
  };
  const head = parseGroups(halves[0]);
  const rest = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (head === null || rest === null) return null;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...rest];

  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g, 16));
  if (tail !== null) value = (value & ~V4_MASK) | tail;
  return value;
}

/** Parses an IPv4 or IPv6 literal (brackets and zone id tolerated); null when it is not one. */
export function parseIp(input: string): IpAddress | null {
  let s = input.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (s.includes(':')) {
    const v6 = parseIpv6(s);
    if (v6 === null) return null;
    if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 & V4_MASK };
    return { family: 6, value: v6 };
  }
  const v4 = parseIpv4(s);
  return v4 === null ? null : { family: 4, value: v4 };
}

const bits = (family: IpFamily) => (family === 4 ? 32 : 128);

function maskOf(family: IpFamily, prefix: number): bigint {
  const width = BigInt(bits(family));
  const all = (1n << width) - 1n;
  return (all << (width - BigInt(prefix))) & all;
}

/** Parses "a.b.c.d/n" or "x::/n"; host bits are cleared, as Go's net.ParseCIDR does. */
export function parseCidr(input: string): Cidr | null {
  const slash = input.indexOf('/');
  if (slash === -1) return null;
  const addrText = input.slice(0, slash);
  const prefixText = input.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefixText)) return null;
  let prefix = Number(prefixText);
  const wasV6 = addrText.includes(':');
  const addr = parseIp(addrText);
  if (addr === null || addrText.includes('%')) return null;
  if (prefix > (wasV6 ? 128 : 32)) return null;
  if (wasV6 && addr.family === 4) {
    // ::ffff:10.0.0.0/104 names an IPv4 network, because mapped addresses are checked as IPv4.
    if (prefix < 96) return null;
    prefix -= 96;
  }
  return { family: addr.family, base: addr.value & maskOf(addr.family, prefix), prefix };
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  return cidr.family === ip.family && (ip.value & maskOf(cidr.family, cidr.prefix)) === cidr.base;
}

export function sameIp(a: IpAddress, b: IpAddress): boolean {
  return a.family === b.family && a.value === b.value;
}
