// Mattermost-style identifiers: 128 random bits in base32 with Mattermost's alphabet, 26 characters.
// Randomness is a parameter so the rule stays pure; src/adapters/ids.ts supplies crypto bytes.

const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';
const VALID_ID = /^[A-Za-z0-9]{26}$/;

/** Encodes 16 bytes (a UUID v4) as a 26-character id. */
export function encodeId(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError('an id is made from exactly 16 bytes');
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Sets the UUID version (4) and variant bits, as Mattermost's NewId does. */
export function uuidV4Bytes(random: Uint8Array): Uint8Array {
  const b = Uint8Array.from(random.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return b;
}

export const isValidId = (s: unknown): s is string => typeof s === 'string' && VALID_ID.test(s);

export type IdSource = () => string;
