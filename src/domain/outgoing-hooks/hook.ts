// The outgoing webhook itself: its wire shape, parsing a request body into it, field validation
// (spec §1.3, run on create and update alike) and the duplicate rule (§6.9).
import { invalid, invalidBodyParam, type AppError } from '../errors.js';
import { isValidId } from '../ids.js';
import { DecodeError, goInt, goString, goStringList } from '../go-json/decode.js';
import { goField, isJsonObject } from '../go-json/keys.js';

export const TRIGGER_WHEN_EXACT = 0;
export const TRIGGER_WHEN_STARTS_WITH = 1;

export interface OutgoingHook {
  id: string;
  token: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  creator_id: string;
  channel_id: string;
  team_id: string;
  trigger_words: string[];
  trigger_when: number;
  callback_urls: string[];
  display_name: string;
  description: string;
  content_type: string;
  username: string;
  icon_url: string;
  /** ms; 0 = active. Set after 410 Gone or sustained failures (§11.2); a disabled hook never fires. */
  disabled_at: number;
}

/** A hook with the server-only fields that never leave the server in list answers. */
export interface StoredHook extends OutgoingHook {
  signing_secret: string;
  previous_signing_secret: string;
  previous_secret_expires_at: number;
}

/** What a client may send: every wire field, absent ones at their zero value. The API layer decides which to keep. */
export type HookInput = Omit<OutgoingHook, 'disabled_at'>;

const STRING_FIELDS = [
  'id', 'token', 'creator_id', 'channel_id', 'team_id', 'display_name', 'description', 'content_type',
  'username', 'icon_url',
] as const;
const INT_FIELDS = ['create_at', 'update_at', 'delete_at', 'trigger_when'] as const;

/** Parses a decoded JSON request body; null or missing lists become []. */
export function parseHookInput(body: unknown): AppError | HookInput {
  if (!isJsonObject(body)) return invalidBodyParam('outgoing_webhook');
  try {
    const s = Object.fromEntries(STRING_FIELDS.map((k) => [k, goString(goField(body, k), k)]));
    const n = Object.fromEntries(INT_FIELDS.map((k) => [k, goInt(goField(body, k), k)]));
    return {
      id: s.id,
      token: s.token,
      create_at: n.create_at,
      update_at: n.update_at,
      delete_at: n.delete_at,
      creator_id: s.creator_id,
      channel_id: s.channel_id,
      team_id: s.team_id,
      trigger_words: goStringList(goField(body, 'trigger_words'), 'trigger_words'),
      trigger_when: n.trigger_when,
      callback_urls: goStringList(goField(body, 'callback_urls'), 'callback_urls'),
      display_name: s.display_name,
      description: s.description,
      content_type: s.content_type,
      username: s.username,
      icon_url: s.icon_url,
    };
  } catch (e) {
    if (e instanceof DecodeError) return invalidBodyParam('outgoing_webhook', e.message);
    throw e;
  }
}

const encoder = new TextEncoder();
export const byteLength = (s: string): number => encoder.encode(s).length;

/** Go prints a []string as "[a b]"; Mattermost measures list columns in that form. */
export const listRenderingBytes = (items: readonly string[]): number => byteLength(`[${items.join(' ')}]`);

export const LIST_MAX_BYTES = 1024;

// Control characters (C0, DEL, C1) and whitespace of any kind. URL parsing strips some and escapes
// others, so the URL stored and shown would not be the one requested.
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f\s]/u;

/**
 * §1.3 URL rule: a case-sensitive http(s) prefix, then an absolute URL with a host; and, beyond
 * Mattermost, no control characters or spaces anywhere (escape them as %XX).
 */
export function isValidCallbackUrl(u: string): boolean {
  if (!u.startsWith('http://') && !u.startsWith('https://')) return false;
  if (CONTROL_OR_SPACE.test(u)) return false;
  try {
    const url = new URL(u);
    return url.protocol !== '' && url.host !== '';
  } catch {
    return false;
  }
}

const bad = (field: string, id = `model.outgoing_hook.is_valid.${field}.app_error`) =>
  invalid(id, `Invalid ${field} for outgoing webhook.`);

/** §1.3 checks in order; the first failure wins. */
export function validateHook(hook: OutgoingHook | HookInput): AppError | null {
  if (!isValidId(hook.id)) return bad('id');
  if (byteLength(hook.token) !== 26) return bad('token');
  if (hook.create_at === 0) return bad('create_at');
  if (hook.update_at === 0) return bad('update_at');
  if (!isValidId(hook.creator_id)) return bad('user_id');
  if (hook.channel_id !== '' && !isValidId(hook.channel_id)) return bad('channel_id');
  if (!isValidId(hook.team_id)) return bad('team_id');
  if (listRenderingBytes(hook.trigger_words) > LIST_MAX_BYTES) return bad('words');
  if (hook.trigger_words.some((w) => w === '')) return bad('trigger_words');
  if (hook.callback_urls.length === 0 || listRenderingBytes(hook.callback_urls) > LIST_MAX_BYTES) return bad('callback');
  if (!hook.callback_urls.every(isValidCallbackUrl)) return bad('url');
  if (byteLength(hook.display_name) > 64) return bad('display_name');
  if (byteLength(hook.description) > 500) return bad('description');
  if (byteLength(hook.content_type) > 128) return bad('content_type');
  // Mattermost reports a bad trigger_when with the content_type id; clients match on it.
  if (hook.trigger_when !== TRIGGER_WHEN_EXACT && hook.trigger_when !== TRIGGER_WHEN_STARTS_WITH) return bad('content_type');
  if (byteLength(hook.username) > 64) return bad('username', 'model.outgoing_hook.username.app_error');
  if (byteLength(hook.icon_url) > 1024) return bad('icon_url', 'model.outgoing_hook.icon_url.app_error');
  return null;
}

export type IntersectFields = Pick<OutgoingHook, 'team_id' | 'channel_id' | 'trigger_words' | 'callback_urls'>;

/**
 * §6.9: same team, same channel ("" equals ""), a shared URL and a shared trigger word. Deleted hooks
 * are filtered by the caller's read; disabled hooks still count (§11.2), so disabled_at is not looked at.
 */
export function hooksIntersect(a: IntersectFields, b: IntersectFields): boolean {
  if (a.team_id !== b.team_id || a.channel_id !== b.channel_id) return false;
  const urls = new Set(a.callback_urls);
  if (!b.callback_urls.some((u) => urls.has(u))) return false;
  const words = new Set(a.trigger_words);
  return b.trigger_words.some((w) => words.has(w));
}

/**
 * The (trigger word, callback URL) pairs two hooks of the same team and channel would collide on:
 * hooksIntersect(a, b) exactly when they have a pair in common. Stores index them.
 */
export function intersectKeys(hook: Pick<OutgoingHook, 'trigger_words' | 'callback_urls'>): Array<[word: string, url: string]> {
  const keys: Array<[string, string]> = [];
  for (const word of new Set(hook.trigger_words)) for (const url of new Set(hook.callback_urls)) keys.push([word, url]);
  return keys;
}
