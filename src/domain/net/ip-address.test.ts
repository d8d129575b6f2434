// Unit tests for the IP and CIDR parsing that the SSRF guard relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, parseCidr, parseIp } from './ip-address.js';

test('parseIp accepts canonical literals and folds IPv4-mapped IPv6 into IPv4', () => {
  const cases: [string, 4 | 6 | null, bigint | null][] = [
    ['127.0.0.1', 4, 0x7f000001n],
    ['255.255.255.255', 4, 0xffffffffn],
    ['0.0.0.0', 4, 0n],
    ['::1', 6, 1n],
    ['::', 6, 0n],
    ['[::1]', 6, 1n],
    ['fe80::1%eth0', 6, (0xfe80n << 112n) | 1n],
    ['2001:db8::', 6, 0x20010db8n << 96n],
    ['1:2:3:4:5:6:7:8', 6, 0x00010002000300040005000600070008n],
    ['::ffff:10.0.0.1', 4, 0x0a000001n],
    ['::ffff:a00:1', 4, 0x0a000001n],
    ['64:ff9b::1.2.3.4', 6, (0x64ff9bn << 96n) | 0x01020304n],
    ['256.0.0.1', null, null],
    ['010.0.0.1', null, null],
    ['1.2.3', null, null],
    ['1:2:3:4:5:6:7:8:9', null, null],
    ['1::2::3', null, null],
    ['12345::', null, null],
    ['example.com', null, null],
    ['', null, null],
  ];
  for (const [text, family, value] of cases) {
    const ip = parseIp(text);
    if (family === null) assert.equal(ip, null, text);
    else assert.deepEqual(ip, { family, value }, text);
  }
});

test('parseCidr masks host bits and cidrContains respects the family', () => {
  const cases: [string, string, boolean][] = [
    ['127.0.0.0/8', '127.255.0.1', true],
    ['127.0.0.1/8', '127.9.9.9', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['0.0.0.0/0', '2001:4860::8888', false],
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
    assert.equal(cidrContains(cidr, ip), expected, `${cidrText} contains ${ipText}`);
  }
  for (const bad of ['10.0.0.0', '10.0.0.0/33', '::/129', 'host/8', '10.0.0.0/', '10.0.0.0/x', '::ffff:1.2.3.4/64']) {
    assert.equal(parseCidr(bad), null, bad);
  }
});
