// Reading untrusted request input: JSON bodies, path ids, paging and typed body fields.
import { invalidBodyParam, invalidUrlParam } from '../domain/errors.js';
import { isValidId } from '../domain/ids.js';
import type { Page } from '../store/store.js';

export type Json = Record<string, unknown>;

export function bodyObject(body: unknown, name = 'body'): Json {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidBodyParam(name);
  return body as Json;
}

export function pathId(params: unknown, name: string): string {
  const value = (params as Record<string, string>)[name];
  if (!isValidId(value)) throw invalidUrlParam(name);
  return value;
}

/** A string field: must be a string when present; `required` also refuses "" and absence. */
export function stringField(body: Json, key: string, opts: { required?: boolean; max?: number } = {}): string {
  const v = body[key];
  if (v === undefined || v === null) {
    if (opts.required) throw invalidBodyParam(key);
    return '';
  }
  if (typeof v !== 'string' || (opts.required && v === '') || (opts.max !== undefined && v.length > opts.max)) {
    throw invalidBodyParam(key);
  }
  return v;
}

export function boolField(body: Json, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidBodyParam(key);
  return v;
}

export function objectField(body: Json, key: string): Json | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  return bodyObject(v, key);
}

export function stringArrayField(body: Json, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw invalidBodyParam(key);
  return v;
}

const nonNegativeInt = (raw: string | undefined): number | null =>
  raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : null;

/** Paging per api-v4-compat §2.6: bad values fall back to the defaults rather than failing. */
export function parsePage(query: Record<string, string | undefined>, perPageKey = 'per_page'): Page {
  const page = nonNegativeInt(query.page) ?? 0;
  const rawPerPage = nonNegativeInt(query[perPageKey]);
  const perPage = rawPerPage === null || rawPerPage === 0 ? 60 : Math.min(rawPerPage, 200);
  return { offset: page * perPage, limit: perPage };
}

export const queryFlag = (query: Record<string, string | undefined>, key: string) => query[key] === 'true';
