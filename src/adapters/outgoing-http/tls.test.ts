// TLS verification against a self-signed loopback receiver: refused by default, accepted when
// EnableInsecureOutgoingConnections is switched on at run time.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUndiciHttpClient, type OutgoingConnectionSettings } from './undici-http-client.js';

let server: Server | undefined;
let port = 0;
let dir = '';

function selfSignedCert(): { key: Buffer; cert: Buffer } | null {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch {
    return null;
  }
}

before(async () => {
  const pair = selfSignedCert();
  if (!pair) return;
  server = createServer(pair, (_req, res) => res.end('secure'));
  await new Promise<void>((res) => server!.listen(0, '127.0.0.1', res));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  server?.closeAllConnections();
  await new Promise<void>((res) => (server ? server.close(() => res()) : res()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a self-signed certificate fails as tls unless insecure connections are enabled', async (t) => {
  if (!server) return t.skip('openssl is not available to make a certificate');
  let settings: OutgoingConnectionSettings = {
    allowedUntrustedInternalConnections: '127.0.0.0/8',
    enableInsecureOutgoingConnections: false,
  };
  const client = createUndiciHttpClient({ settings: () => settings });
  const request = { headers: {}, body: 'x', timeoutMs: 5000 };
  for (const url of [`https://127.0.0.1:${port}/`, `https://localhost:${port}/`]) {
    const refused = await client.post(url, request);
    assert.equal(refused.kind === 'error' && refused.reason, 'tls', `${url}: ${JSON.stringify(refused)}`);
  }
  settings = { ...settings, enableInsecureOutgoingConnections: true };
  const accepted = await client.post(`https://localhost:${port}/`, request);
  assert.equal(accepted.kind === 'response' && accepted.body.toString(), 'secure');
  await client.close();
});
