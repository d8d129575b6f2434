// IP addresses and networks for the SSRF policy and the login rate limit. Node's net module does the
// parsing (isIP, SocketAddress) and the network arithmetic (BlockList); none of it opens a socket.
// What stays here is Switchboard's own reading: only canonical dotted-decimal IPv4 (URL parsing and
// DNS already normalise other spellings, and accepting "010" would make the guard disagree with the
// connector), and IPv4-mapped IPv6 (::ffff:a.b.c.d) counted as its IPv4 address, because spec §8.6
// checks it as one. A network holds only addresses of its own family, as Go's IPNet.Contains decides.
import { BlockList, isIP, SocketAddress } from 'node:net';

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  /** Canonical text: dotted-decimal for IPv4 (mapped IPv6 included), RFC 5952 form for IPv6. */
  readonly address: string;
}

export interface Cidr {
  readonly family: IpFamily;
  readonly address: string;
  readonly prefix: number;
}

const MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/;

/** Parses an IPv4 or IPv6 literal (brackets and zone id tolerated); null when it is not one. */
export function parseIp(input: string): IpAddress | null {
  let s = input.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone); // zone ids (fe80::1%eth0) do not change the address
  const family = isIP(s);
  if (family === 4) return { family: 4, address: s };
  if (family !== 6) return null;
  const address = new SocketAddress({ address: s, family: 'ipv6' }).address;
  const mapped = MAPPED.exec(address);
  return mapped ? { family: 4, address: mapped[1] } : { family: 6, address };
}

/** Parses "a.b.c.d/n" or "x::/n"; an IPv4-mapped network (::ffff:10.0.0.0/104) is the IPv4 one. */
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
  return { family: addr.family, address: addr.address, prefix };
}

const familyName = (family: IpFamily) => (family === 4 ? 'ipv4' : 'ipv6');

/** A BlockList per family and list, built once: BlockList alone would let ::/0 hold every IPv4 address. */
const built = new WeakMap<readonly Cidr[], Record<IpFamily, BlockList>>();

function blockLists(networks: readonly Cidr[]): Record<IpFamily, BlockList> {
  let lists = built.get(networks);
  if (!lists) {
    lists = { 4: new BlockList(), 6: new BlockList() };
    for (const n of networks) lists[n.family].addSubnet(n.address, n.prefix, familyName(n.family));
    built.set(networks, lists);
  }
  return lists;
}

/** Whether `ip` lies in one of `networks`. */
export function inNetworks(networks: readonly Cidr[], ip: IpAddress): boolean {
  return blockLists(networks)[ip.family].check(ip.address, familyName(ip.family));
}

export const sameIp = (a: IpAddress, b: IpAddress): boolean => a.family === b.family && a.address === b.address;

/**
 * The first `groups` 16-bit groups of an IPv6 address, as text (4 groups: its /64). Nothing in Node
 * gives an address's bits; the canonical text is expanded at its "::".
 */
export function ipv6Prefix(ip: IpAddress, groups: number): string {
  const [head, tail = ''] = ip.address.split('::');
  const split = (part: string) => (part === '' ? [] : part.split(':'));
  const before = split(head);
  const after = split(tail);
  // An embedded IPv4 tail (::1.2.3.4) is two groups, and always past the /64.
  const tailGroups = after.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const all = ip.address.includes('::') ? [...before, ...Array<string>(8 - before.length - tailGroups).fill('0'), ...after] : before;
  return all.slice(0, groups).join(':');
}
