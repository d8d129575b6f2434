// Reading untrusted request input: JSON bodies, path ids, paging and typed body fields. Body fields
// are read by exact key, Go's rule for maps (domain/go-json/keys.ts has both of Go's rules).
import { invalidBodyParam, invalidUrlParam } from '../domain/errors.js';
import { isValidId } from '../domain/ids.js';
import type { Page } from '../domain/paging.js';
import { exactField, isJsonObject, type JsonObject } from '../domain/go-json/keys.js';
import { MAX_JSON_DEPTH } from '../domain/go-json/first-value.js';

/**
 * Refuses parsed JSON that no handler should see: nesting deeper than MAX_JSON_DEPTH, and NUL
 * characters in strings or keys (PostgreSQL cannot store them, so they would fail as a 500 there
 * and be accepted on SQLite). Walks iteratively, so hostile depth cannot overflow the stack here.
 */
export function checkJsonValue(value: unknown): void {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) throw invalidBodyParam('body', 'strings must not contain NUL characters');
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_JSON_DEPTH) throw invalidBodyParam('body', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    for (const [k, child] of Object.entries(v)) {
      if (k.includes('\u0000')) throw invalidBodyParam('body', 'keys must not contain NUL characters');
      stack.push([child, depth + 1]);
    }
  }
}

/**
 * The query string parser of every route. A repeated key counts by its first value, as Mattermost
 * reads query parameters, so handlers only ever see strings (never arrays they would pass on to
 * SQL). The object has no prototype, so a key like `__proto__` is just a key.
 */
export function parseQueryString(text: string): Record<string, string> {
  const query: Record<string, string> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) if (!Object.hasOwn(query, key)) query[key] = value;
  return query;
}

/**
 * Refuses a NUL character anywhere in the query, keys included: no parameter can hold one, and
 * PostgreSQL cannot compare with one (it would fail as a 500 there and pass on SQLite).
 */
export function checkQuery(query: Record<string, string>): void {
  for (const [key, value] of Object.entries(query)) {
    if (key.includes('\u0000') || value.includes('\u0000')) throw invalidUrlParam(key.replaceAll('\u0000', ''));
  }
}

export function bodyObject(body: unknown, name = 'body'): JsonObject {
  if (!isJsonObject(body)) throw invalidBodyParam(name);
  return body;
}

export function pathId(params: unknown, name: string): string {
  const value = (params as Record<string, string>)[name];
  if (!isValidId(value)) throw invalidUrlParam(name);
  return value;
}

/** A user id from the path, where `me` stands for the caller (api-v4-compat §3.5). */
export function pathUserId(params: unknown, callerId: string, name = 'user_id'): string {
  return (params as Record<string, string>)[name] === 'me' ? callerId : pathId(params, name);
}

const HANDLE = /^[A-Za-z0-9_-]{1,64}$/;

/** A team or channel handle from the path (Mattermost's route pattern), else 400. */
export function pathHandle(params: unknown, name: string): string {
  const value = (params as Record<string, string>)[name];
  if (typeof value !== 'string' || !HANDLE.test(value)) throw invalidUrlParam(name);
  return value;
}

/** A string field: must be a string when present; `required` also refuses "" and absence. */
export function stringField(body: JsonObject, key: string, opts: { required?: boolean; max?: number } = {}): string {
  const v = exactField(body, key);
  if (v === undefined || v === null) {
    if (opts.required) throw invalidBodyParam(key);
    return '';
  }
  if (typeof v !== 'string' || (opts.required && v === '') || (opts.max !== undefined && v.length > opts.max)) {
    throw invalidBodyParam(key);
  }
  return v;
}

export function boolField(body: JsonObject, key: string): boolean | undefined {
  const v = exactField(body, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidBodyParam(key);
  return v;
}

export function objectField(body: JsonObject, key: string): JsonObject | undefined {
  const v = exactField(body, key);
  if (v === undefined || v === null) return undefined;
  return bodyObject(v, key);
}

export function stringArrayField(body: JsonObject, key: string): string[] | undefined {
  const v = exactField(body, key);
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw invalidBodyParam(key);
  return v;
}

/** A decimal integer that fits a JS number exactly (and so a bigint column), else null. */
export const nonNegativeInt = (raw: string | undefined): number | null => {
  if (raw === undefined || !/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : null;
};

/** Paging per api-v4-compat §2.6: bad values fall back to the defaults rather than failing. */
export function parsePage(query: Record<string, string | undefined>, perPageKey = 'per_page'): Page {
  const rawPerPage = nonNegativeInt(query[perPageKey]);
  const perPage = rawPerPage === null || rawPerPage === 0 ? 60 : Math.min(rawPerPage, 200);
  // A page past any possible post is simply empty (the offset must still be a safe integer).
  const page = /^\d+$/.test(query.page ?? '') ? Math.min(Number(query.page), Math.floor(Number.MAX_SAFE_INTEGER / 200)) : 0;
  return { offset: page * perPage, limit: perPage };
}

/** An id in a body field or query parameter: a valid id, else 400 invalid_body_param. */
export function idField(body: JsonObject, key: string): string {
  const v = stringField(body, key, { required: true });
  if (!isValidId(v)) throw invalidBodyParam(key);
  return v;
}

export const queryFlag = (query: Record<string, string | undefined>, key: string) => query[key] === 'true';
