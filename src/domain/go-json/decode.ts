// Decodes an already-parsed JSON value into typed fields the way Go's encoding/json fills a struct,
// so replies and hook bodies written for Mattermost are accepted or refused exactly as there. Fields
// are found by Go's struct rule (goField in keys.ts).
import { isJsonObject, type JsonObject } from './keys.js';

/** Thrown while decoding; callers turn it into their own AppError (api.unmarshal_error, …). */
export class DecodeError extends Error {
  constructor(path: string, expected: string, got: unknown) {
    super(`json: cannot unmarshal ${describe(got)} into ${path} of type ${expected}`);
    this.name = 'DecodeError';
  }
}

const describe = (v: unknown): string => {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
};

// In Go a JSON null leaves a non-pointer field at its zero value, so null and "absent" agree.
export function goString(v: unknown, path: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new DecodeError(path, 'string', v);
  return v;
}

export function goOptionalString(v: unknown, path: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new DecodeError(path, 'string', v);
  return v;
}

export function goInt(v: unknown, path: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new DecodeError(path, 'int', v);
  return v;
}

export function goOptionalBool(v: unknown, path: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new DecodeError(path, 'bool', v);
  return v;
}

export function goObject(v: unknown, path: string): JsonObject | null {
  if (v === undefined || v === null) return null;
  if (!isJsonObject(v)) throw new DecodeError(path, 'object', v);
  return v;
}

export function goArray(v: unknown, path: string): unknown[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw new DecodeError(path, 'array', v);
  return v;
}

/** A []string: null entries become "" (Go's zero value), anything else non-string is refused. */
export function goStringList(v: unknown, path: string): string[] {
  const list = goArray(v, path) ?? [];
  return list.map((item, i) => goString(item, `${path}[${i}]`));
}
