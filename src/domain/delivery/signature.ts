// Standard Webhooks request signing (issue 4): webhook-id / webhook-timestamp / webhook-signature,
// so receivers can check a delivery with any Standard Webhooks library. HMAC needs node:crypto.

import { createHmac } from 'node:crypto';

export const SIGNING_SECRET_PREFIX = 'whsec_';

export interface SignatureHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** A new per-hook secret from 24–64 random bytes (the range the Standard Webhooks spec recommends). */
export function newSigningSecret(randomBytes: Uint8Array): string {
  if (randomBytes.length < 24 || randomBytes.length > 64) {
    throw new RangeError('a signing secret is made from 24 to 64 random bytes');
  }
  return SIGNING_SECRET_PREFIX + Buffer.from(randomBytes).toString('base64');
}

function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SIGNING_SECRET_PREFIX)) throw new RangeError('a signing secret starts with whsec_');
  const key = Buffer.from(secret.slice(SIGNING_SECRET_PREFIX.length), 'base64');
  if (key.length === 0) throw new RangeError('a signing secret has no key bytes');
  return key;
}

/** "v1,<base64 HMAC-SHA256 of id.timestamp.body>" for one secret. */
export function signV1(secret: string, deliveryId: string, timestampSeconds: number, body: string | Uint8Array): string {
  const hmac = createHmac('sha256', secretKey(secret));
  hmac.update(`${deliveryId}.${timestampSeconds}.`);
  hmac.update(body);
  return `v1,${hmac.digest('base64')}`;
}

export interface SignatureInput {
  /** The delivery id: the same on every attempt, so receivers can de-duplicate. */
  readonly deliveryId: string;
  readonly timestampSeconds: number;
  /** Exactly the bytes sent; a string is signed as UTF-8. */
  readonly body: string | Uint8Array;
  /** Current secret first; during a rotation grace period the previous one too. */
  readonly secrets: readonly string[];
}

export function signatureHeaders(input: SignatureInput): SignatureHeaders {
  const { deliveryId, timestampSeconds, body, secrets } = input;
  if (!Number.isInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError('the timestamp is whole seconds since the epoch');
  }
  if (secrets.length === 0) throw new RangeError('at least one signing secret is needed');
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signV1(s, deliveryId, timestampSeconds, body)).join(' '),
  };
}
