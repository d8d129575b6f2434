// Table test for the mapping from socket, DNS, TLS and undici errors to delivery log reasons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors } from 'undici';
import { ForbiddenAddressError } from './forbidden-address-error.js';
import { describeError, reasonForError } from './error-reason.js';

const coded = (code: string) => Object.assign(new Error(code), { code });

test('reasonForError', () => {
  const cases: [unknown, string][] = [
    [new ForbiddenAddressError('10.0.0.1', []), 'forbidden_address'],
    [coded('ENOTFOUND'), 'dns'],
    [coded('EAI_AGAIN'), 'dns'],
    [coded('ECONNREFUSED'), 'connect'],
    [coded('ECONNRESET'), 'connect'],
    [coded('EHOSTUNREACH'), 'connect'],
    [new errors.SocketError('other side closed'), 'connect'],
    [new errors.ConnectTimeoutError(), 'timeout'],
    [coded('ETIMEDOUT'), 'timeout'],
    [coded('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls'],
    [coded('CERT_HAS_EXPIRED'), 'tls'],
    [coded('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
    [coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'tls'],
    [coded('ERR_SSL_WRONG_VERSION_NUMBER'), 'tls'],
    [coded('HOSTNAME_MISMATCH'), 'tls'],
    [coded('INVALID_CA'), 'tls'],
    [coded('EPROTO'), 'tls'],
    [new Error('wrapped', { cause: coded('ECONNREFUSED') }), 'connect'],
    [new errors.InvalidArgumentError('bad header'), 'other'],
    [new Error('plain'), 'other'],
    ['a string', 'other'],
  ];
  for (const [err, reason] of cases) assert.equal(reasonForError(err), reason, describeError(err));
});

test('describeError names the code and the cause', () => {
  assert.equal(describeError(coded('ECONNREFUSED')), 'ECONNREFUSED: ECONNREFUSED');
  assert.equal(describeError(new Error('fetch failed', { cause: new Error('boom') })), 'fetch failed: boom');
  assert.equal(describeError(42), '42');
});
