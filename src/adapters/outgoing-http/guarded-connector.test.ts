// Tests the SSRF guard at connect time with a fake socket opener, so refused addresses are proven
// refused before any connection attempt, without ever dialling them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Socket } from 'node:net';
import { parseAllowList } from '../../domain/net/ssrf-policy.js';
import { FORBIDDEN_ADDRESS_CODE } from './forbidden-address-error.js';
import { createGuardedConnector, type ConnectOptions, type Connector } from './guarded-connector.js';

interface Dial { hostname: string; servername: string | undefined }

function harness(allow: string, answers: Record<string, string[]>, refuse: string[] = []) {
  const dials: Dial[] = [];
  const lookups: string[] = [];
  const fakeConnect: Connector = (opts, cb) => {
    dials.push({ hostname: opts.hostname, servername: opts.servername });
    if (refuse.includes(opts.hostname)) cb(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), null);
    else cb(null, new Socket());
  };
  const connector = createGuardedConnector({
    policy: parseAllowList(allow),
    ownAddresses: () => ['127.0.0.1', '::1', '198.51.100.20'],
    resolve: async (name) => {
      lookups.push(name);
      const found = answers[name];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      return found;
    },
    connect: fakeConnect,
  });
  const run = (hostname: string, protocol = 'http:') =>
    new Promise<{ err: (Error & { code?: string }) | null }>((resolve) => {
      const opts: ConnectOptions = { hostname, host: `${hostname}:8080`, protocol, port: '8080' };
      connector(opts, (...args) => resolve({ err: args[0] }));
    });
  return { dials, lookups, run };
}

const PUBLIC = { 'example.com': ['93.184.216.34'] };

test('refusals happen before any connection attempt', async () => {
  const cases: [string, string, Record<string, string[]>][] = [
    ['127.0.0.1', '', {}],
    ['::1', '', {}],
    ['10.1.2.3', '', {}],
    ['169.254.169.254', '', {}],
    ['::ffff:10.0.0.1', '', {}],
    ['fd00::1', '', {}],
    ['198.51.100.20', '', {}],
    ['internal.example', '', { 'internal.example': ['10.0.0.7', 'fd00::7'] }],
    ['metadata.example', '', { 'metadata.example': ['169.254.169.254'] }],
    ['127.0.0.2', '127.0.0.1', {}], // a host entry allows exactly that host
    ['10.1.2.3', '127.0.0.0/8', {}],
  ];
  for (const [host, allow, answers] of cases) {
    const h = harness(allow, answers);
    const { err } = await h.run(host);
    assert.equal(err?.code, FORBIDDEN_ADDRESS_CODE, host);
    assert.match(err?.message ?? '', /AllowedUntrustedInternalConnections/);
    assert.deepEqual(h.dials, [], `${host} must not be dialled`);
  }
});

test('IP literals are not looked up; names are looked up exactly once', async () => {
  const h = harness('', PUBLIC);
  assert.equal((await h.run('93.184.216.34')).err, null);
  assert.deepEqual(h.lookups, []);
  assert.equal((await h.run('example.com')).err, null);
  assert.deepEqual(h.lookups, ['example.com']);
  assert.deepEqual(h.dials.map((d) => d.hostname), ['93.184.216.34', '93.184.216.34']);
});

test('only vetted addresses are dialled, in resolution order, and the name is never re-resolved', async () => {
  const h = harness('127.0.0.0/8', { 'rebind.example': ['10.0.0.1', '127.0.0.1', '169.254.169.254', '127.0.0.2'] }, ['127.0.0.1']);
  const { err } = await h.run('rebind.example');
  assert.equal(err, null);
  assert.deepEqual(h.dials.map((d) => d.hostname), ['127.0.0.1', '127.0.0.2']);
  assert.deepEqual(h.lookups, ['rebind.example']);
});

test('the last connection error is reported when every vetted address fails', async () => {
  const h = harness('', { 'down.example': ['93.184.216.34', '93.184.216.35'] }, ['93.184.216.34', '93.184.216.35']);
  const { err } = await h.run('down.example');
  assert.equal(err?.code, 'ECONNREFUSED');
  assert.equal(h.dials.length, 2);
});

test('host entries skip resolution and checks; network entries apply after resolution', async () => {
  const h = harness('localhost hooks.internal 10.0.0.0/8', { 'svc.internal': ['10.9.9.9'] });
  assert.equal((await h.run('localhost')).err, null);
  assert.equal((await h.run('hooks.internal')).err, null);
  assert.deepEqual(h.lookups, []);
  assert.equal((await h.run('svc.internal')).err, null);
  assert.deepEqual(h.lookups, ['svc.internal']);
  assert.deepEqual(h.dials.map((d) => d.hostname), ['localhost', 'hooks.internal', '10.9.9.9']);
});

test('a name that resolves to a private address is refused by resolution (localhost not allow-listed)', async () => {
  const h = harness('', { localhost: ['::1', '127.0.0.1'] });
  const { err } = await h.run('localhost');
  assert.equal(err?.code, FORBIDDEN_ADDRESS_CODE);
  assert.deepEqual(h.lookups, ['localhost']);
  assert.deepEqual(h.dials, []);
});

test('TLS keeps the host name for SNI and verification while dialling the address', async () => {
  const h = harness('', PUBLIC);
  await h.run('example.com', 'https:');
  await h.run('93.184.216.34', 'https:');
  assert.deepEqual(h.dials, [
    { hostname: '93.184.216.34', servername: 'example.com' },
    { hostname: '93.184.216.34', servername: undefined },
  ]);
});

test('DNS failures are passed through for classification', async () => {
  const h = harness('', {});
  const { err } = await h.run('nowhere.invalid');
  assert.equal(err?.code, 'ENOTFOUND');
  assert.deepEqual(h.dials, []);
});
