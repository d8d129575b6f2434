// Maps the errors undici and Node's socket, DNS and TLS layers raise to the delivery log's reasons.

import type { HttpErrorReason } from '../../domain/net/http-client.js';
import { FORBIDDEN_ADDRESS_CODE } from './forbidden-address-error.js';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL']);
const CONNECT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN',
  'EPIPE', 'EADDRNOTAVAIL', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
// OpenSSL verification codes (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, …) and Node's ERR_TLS_* / ERR_SSL_*.
const TLS_CODE = /CERT|CRL|SSL|TLS|^UNABLE_TO_|^INVALID_(CA|PURPOSE)$|^PATH_LENGTH_EXCEEDED$|^HOSTNAME_MISMATCH$|^ERR_OSSL_|^EPROTO$/;

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return codeOf((err as { cause?: unknown }).cause);
}

export function reasonForError(err: unknown): HttpErrorReason {
  const code = codeOf(err);
  if (code === undefined) return 'other';
  if (code === FORBIDDEN_ADDRESS_CODE) return 'forbidden_address';
  if (DNS_CODES.has(code)) return 'dns';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (CONNECT_CODES.has(code)) return 'connect';
  if (TLS_CODE.test(code)) return 'tls';
  if (code === 'ERR_INVALID_URL') return 'invalid_url';
  return 'other';
}

export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = codeOf(err);
  const cause = err.cause instanceof Error && err.cause.message !== err.message ? `: ${err.cause.message}` : '';
  return `${code ? `${code}: ` : ''}${err.message}${cause}`;
}
