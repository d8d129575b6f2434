// Checks our Standard Webhooks signatures with the independent `standardwebhooks` implementation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { newSigningSecret, signatureHeaders } from './signature.js';

const bytes = (seed: number, n = 32) => Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 7) & 0xff);
// Our bodies are often forms, so verification must not try to parse JSON.
const RAW = { jsonParse: false };
const nowSeconds = () => Math.floor(Date.now() / 1000);

test('newSigningSecret is whsec_ + base64 of the given bytes and refuses weak lengths', () => {
  const secret = newSigningSecret(bytes(1));
  assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/);
  assert.deepEqual(Buffer.from(secret.slice(6), 'base64'), Buffer.from(bytes(1)));
  assert.throws(() => newSigningSecret(bytes(1, 16)), RangeError);
  assert.throws(() => newSigningSecret(bytes(1, 65)), RangeError);
});

test('signatures verify with the standardwebhooks package, for string and byte bodies', () => {
  const secret = newSigningSecret(bytes(2));
  const bodies: [string, string | Uint8Array][] = [
    ['form', 'channel_id=abc&text=deploy+%2Anow%2A'],
    ['json with non-ASCII', JSON.stringify({ text: 'héllo ✓ 🎉', token: 'x' })],
    ['bytes', Buffer.from('{"text":"bytes"}')],
    ['empty', ''],
  ];
  for (const [name, body] of bodies) {
    const headers = signatureHeaders({ deliveryId: 'msg_7dqk3', timestampSeconds: nowSeconds(), body, secrets: [secret] });
    assert.match(headers['webhook-signature'], /^v1,[A-Za-z0-9+/]+=*$/, name);
    const payload = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    assert.doesNotThrow(() => new Webhook(secret).verify(payload, { ...headers }, RAW), name);
  }
});

test('during a rotation every secret signs, and each one verifies on its own', () => {
  const current = newSigningSecret(bytes(3));
  const previous = newSigningSecret(bytes(4));
  const body = '{"text":"rotate"}';
  const headers = signatureHeaders({ deliveryId: 'd1', timestampSeconds: nowSeconds(), body, secrets: [current, previous] });
  assert.equal(headers['webhook-signature'].split(' ').length, 2);
  assert.doesNotThrow(() => new Webhook(current).verify(body, { ...headers }, RAW));
  assert.doesNotThrow(() => new Webhook(previous).verify(body, { ...headers }, RAW));
  assert.throws(() => new Webhook(newSigningSecret(bytes(5))).verify(body, { ...headers }, RAW), WebhookVerificationError);
});

test('a changed body, id or timestamp no longer verifies', () => {
  const secret = newSigningSecret(bytes(6));
  const ts = nowSeconds();
  const headers = signatureHeaders({ deliveryId: 'd2', timestampSeconds: ts, body: 'a=1', secrets: [secret] });
  const wh = new Webhook(secret);
  assert.throws(() => wh.verify('a=2', { ...headers }, RAW), WebhookVerificationError);
  assert.throws(() => wh.verify('a=1', { ...headers, 'webhook-id': 'd3' }, RAW), WebhookVerificationError);
  assert.throws(() => wh.verify('a=1', { ...headers, 'webhook-timestamp': String(ts - 1) }, RAW), WebhookVerificationError);
  assert.equal(headers['webhook-id'], 'd2');
  assert.equal(headers['webhook-timestamp'], String(ts));
});

test('signatureHeaders refuses missing secrets, bad secrets and fractional timestamps', () => {
  const secret = newSigningSecret(bytes(7));
  const base = { deliveryId: 'd', timestampSeconds: 1, body: '' };
  assert.throws(() => signatureHeaders({ ...base, secrets: [] }), RangeError);
  assert.throws(() => signatureHeaders({ ...base, secrets: ['not-a-secret'] }), RangeError);
  assert.throws(() => signatureHeaders({ ...base, secrets: ['whsec_'] }), RangeError);
  assert.throws(() => signatureHeaders({ ...base, timestampSeconds: 1.5, secrets: [secret] }), RangeError);
});
