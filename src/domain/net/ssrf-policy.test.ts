// Table tests for the SSRF rule of spec §8: reserved ranges, allow-list entries and the own-address rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideHost, isReservedAddress, parseAllowList, vetAddresses } from './ssrf-policy.js';

test('isReservedAddress covers every range of spec §8 and lets public addresses through', () => {
  const reserved = [
    '127.0.0.1', '127.1.2.3', '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.1.1',
    '0.0.0.0', '169.254.169.254', '192.0.0.8', '192.0.2.1', '198.51.100.7', '203.0.113.9', '192.88.99.1',
    '198.18.0.1', '198.19.255.255', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255',
    '100.64.0.1', '100.127.255.255',
    '::', '::1', '100::1', '2001::1', '2001:1ff::1', '2001:2::1', '2001:db8::1', '2001:10::1', '2001:20::1',
    'fc00::1', 'fd00::1', 'fdff::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1', '2002::1', '64:ff9b::a00:1',
    '::ffff:10.0.0.1', '::ffff:127.0.0.1', '::ffff:169.254.169.254',
    // IPv4-compatible (::/96) and IPv4-translated (::ffff:0:0:0/96) forms, whatever IPv4 address they
    // carry, and the old site-local range fec0::/10.
    '::2', '::127.0.0.1', '::8.8.8.8', '::a00:1', '::ffff:ffff', '::ffff:0:a00:1', '::ffff:0:7f00:1', '::ffff:0:808:808',
    'fec0::1', 'fed0::1', 'feff:ffff::1',
    'not-an-ip', '',
  ];
  const open = [
    '8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '198.17.255.255',
    '198.20.0.1', '192.0.1.1', '223.255.255.255', '93.184.216.34', '::ffff:8.8.8.8',
    '2606:4700::1111', '2001:4860:4860::8888', '2001:200::1', '2003::1', '64:ff9c::1',
    '::1:0:0:1', '::fffe:0:808:808', '::1:ffff:0:808:808', 'fe7f::1', 'fbff::1',
  ];
  for (const ip of reserved) assert.equal(isReservedAddress(ip), true, `${ip} should be reserved`);
  for (const ip of open) assert.equal(isReservedAddress(ip), false, `${ip} should not be reserved`);
});

test('parseAllowList splits on whitespace and commas and sorts CIDRs from hosts', () => {
  const policy = parseAllowList(' localhost,127.0.0.1  10.0.0.0/8,\n,fd00::/8\thooks.internal ::1 ');
  assert.deepEqual([...policy.hostEntries].sort(), ['127.0.0.1', '::1', 'hooks.internal', 'localhost']);
  assert.equal(policy.networks.length, 2);
  assert.deepEqual(parseAllowList(''), { hostEntries: new Set(), networks: [] });
  assert.deepEqual(parseAllowList(' , \n'), { hostEntries: new Set(), networks: [] });
});

test('decideHost: only an exact host entry skips the checks', () => {
  const policy = parseAllowList('localhost 127.0.0.1 ::1 hooks.internal 10.0.0.0/8');
  const cases: [string, string, string | null][] = [
    ['localhost', 'allowed-without-checks', null],
    ['127.0.0.1', 'allowed-without-checks', null],
    ['[::1]', 'allowed-without-checks', null],
    ['::1', 'allowed-without-checks', null],
    ['hooks.internal', 'allowed-without-checks', null],
    ['HOOKS.internal', 'must-resolve', null],
    ['sub.hooks.internal', 'must-resolve', null],
    ['127.0.0.2', 'must-resolve', '127.0.0.2'],
    ['10.1.2.3', 'must-resolve', '10.1.2.3'], // a network entry is checked after resolution, not here
    ['[fd00::1]', 'must-resolve', 'fd00::1'],
    ['example.com', 'must-resolve', null],
  ];
  for (const [host, kind, literal] of cases) {
    const decision = decideHost(host, policy);
    assert.equal(decision.kind, kind, host);
    if (decision.kind === 'must-resolve') assert.equal(decision.literal, literal, host);
  }
});

test('vetAddresses applies reserved ranges, network entries and the own-address rule', () => {
  const own = ['127.0.0.1', '::1', '203.0.114.5', 'fe80::1%eth0'];
  const cases: { name: string; allow: string; addresses: string[]; own?: readonly string[] | 'all'; expected: string[] }[] = [
    { name: 'loopback v4 refused', allow: '', addresses: ['127.0.0.1'], expected: [] },
    { name: 'loopback v6 refused', allow: '', addresses: ['::1'], expected: [] },
    { name: '10/8 refused', allow: '', addresses: ['10.1.2.3'], expected: [] },
    { name: 'metadata refused', allow: '', addresses: ['169.254.169.254'], expected: [] },
    { name: 'mapped private refused', allow: '', addresses: ['::ffff:10.0.0.1'], expected: [] },
    { name: 'ULA refused', allow: '', addresses: ['fd00::1'], expected: [] },
    { name: 'IPv4-compatible, IPv4-translated and site-local refused', allow: '', addresses: ['::127.0.0.1', '::ffff:0:7f00:1', 'fec0::1'], expected: [] },
    { name: 'a network entry opens the translated form', allow: '::ffff:0:0:0/96', addresses: ['::ffff:0:7f00:1', '::127.0.0.1'], expected: ['::ffff:0:7f00:1'] },
    { name: 'public allowed', allow: '', addresses: ['93.184.216.34', '2606:4700::1111'], expected: ['93.184.216.34', '2606:4700::1111'] },
    { name: 'mixed keeps order of vetted ones', allow: '', addresses: ['10.0.0.1', '8.8.8.8', '127.0.0.1', '1.1.1.1'], expected: ['8.8.8.8', '1.1.1.1'] },
    { name: 'own public address refused', allow: '', addresses: ['203.0.114.5'], expected: [] },
    { name: 'own addresses unknown: all refused', allow: '', addresses: ['8.8.8.8'], own: 'all', expected: [] },
    { name: '127.0.0.0/8 allows loopback even though own', allow: '127.0.0.0/8', addresses: ['127.0.0.1'], expected: ['127.0.0.1'] },
    { name: 'network entry allows own when unknown', allow: '127.0.0.0/8', addresses: ['127.0.0.1'], own: 'all', expected: ['127.0.0.1'] },
    { name: 'network entry covers mapped form', allow: '10.0.0.0/8', addresses: ['::ffff:10.0.0.1'], expected: ['::ffff:10.0.0.1'] },
    { name: 'fd00::/8 entry', allow: 'fd00::/8', addresses: ['fd00::1', 'fc00::1'], expected: ['fd00::1'] },
    { name: 'host entry is not a network entry', allow: '127.0.0.1', addresses: ['127.0.0.1'], expected: [] },
    { name: 'unparsable address refused', allow: '0.0.0.0/0', addresses: ['nonsense'], expected: [] },
    { name: 'v4 network does not allow v6', allow: '0.0.0.0/0', addresses: ['::1'], expected: [] },
  ];
  for (const c of cases) {
    assert.deepEqual(vetAddresses(c.addresses, parseAllowList(c.allow), c.own ?? own), c.expected, c.name);
  }
});
