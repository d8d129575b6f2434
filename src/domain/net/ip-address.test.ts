// Unit tests for the IP and CIDR parsing that the SSRF guard and the login rate limit rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inNetworks, ipv6Prefix, parseCidr, parseIp } from './ip-address.js';

test('parseIp accepts canonical literals and folds IPv4-mapped IPv6 into IPv4', () => {
  const cases: [string, 4 | 6 | null, string | null][] = [
    ['127.0.0.1', 4, '127.0.0.1'],
    ['255.255.255.255', 4, '255.255.255.255'],
    ['0.0.0.0', 4, '0.0.0.0'],
    ['::1', 6, '::1'],
    ['::', 6, '::'],
    ['[::1]', 6, '::1'],
    ['fe80::1%eth0', 6, 'fe80::1'],
    ['2001:db8::', 6, '2001:db8::'],
    ['1:2:3:4:5:6:7:8', 6, '1:2:3:4:5:6:7:8'],
    ['::ffff:10.0.0.1', 4, '10.0.0.1'],
    ['::ffff:a00:1', 4, '10.0.0.1'],
    ['64:ff9b::1.2.3.4', 6, '64:ff9b::102:304'],
    ['256.0.0.1', null, null],
    ['010.0.0.1', null, null],
    ['1.2.3', null, null],
    ['1:2:3:4:5:6:7:8:9', null, null],
    ['1::2::3', null, null],
    ['12345::', null, null],
    ['example.com', null, null],
    ['', null, null],
  ];
  for (const [text, family, address] of cases) {
    const ip = parseIp(text);
    if (family === null) assert.equal(ip, null, text);
    else assert.deepEqual(ip, { family, address }, text);
  }
});

test('parseCidr reads networks (host bits ignored) and a network holds only its own family', () => {
  const cases: [string, string, boolean][] = [
    ['127.0.0.0/8', '127.255.0.1', true],
    ['127.0.0.1/8', '127.9.9.9', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['0.0.0.0/0', '2001:4860::8888', false],
    ['::/0', '10.0.0.1', false], // BlockList alone would say true: it checks IPv4 as mapped IPv6
    ['::/0', '::ffff:10.0.0.1', false],
    ['fd00::/8', 'fd12::1', true],
    ['fd00::/8', 'fe00::1', false],
    ['::ffff:10.0.0.0/104', '10.1.2.3', true],
    ['::ffff:10.0.0.0/104', '::ffff:10.1.2.3', true],
    ['::1/128', '::1', true],
    ['::/96', '::127.0.0.1', true],
    ['::/96', '::ffff:127.0.0.1', false], // mapped addresses are IPv4
    ['::/96', '::1:0:0:1', false],
    ['::ffff:0:0:0/96', '::ffff:0:a00:1', true],
    ['::ffff:0:0:0/96', '::ffff:a00:1', false],
    ['fec0::/10', 'feff::1', true],
    ['fec0::/10', 'febf::1', false],
  ];
  for (const [cidrText, ipText, expected] of cases) {
    const cidr = parseCidr(cidrText);
    const ip = parseIp(ipText);
    assert.ok(cidr && ip, `${cidrText} ${ipText}`);
    assert.equal(inNetworks([cidr], ip), expected, `${cidrText} contains ${ipText}`);
  }
  for (const bad of ['10.0.0.0', '10.0.0.0/33', '::/129', 'host/8', '10.0.0.0/', '10.0.0.0/x', '::ffff:1.2.3.4/64']) {
    assert.equal(parseCidr(bad), null, bad);
  }
});

test('ipv6Prefix gives the leading groups of the canonical address', () => {
  const prefix64 = (text: string) => ipv6Prefix(parseIp(text)!, 4);
  assert.equal(prefix64('2001:db8:1:2::1'), '2001:db8:1:2');
  assert.equal(prefix64('2001:0DB8:0001:0002:ffff::9'), '2001:db8:1:2');
  assert.equal(prefix64('::1'), '0:0:0:0');
  assert.equal(prefix64('::8.8.8.8'), '0:0:0:0');
  assert.equal(prefix64('fe80::1%eth0'), 'fe80:0:0:0');
  assert.equal(prefix64('1:2:3:4:5:6:7:8'), '1:2:3:4');
  assert.equal(prefix64('1:2:3::'), '1:2:3:0');
});
