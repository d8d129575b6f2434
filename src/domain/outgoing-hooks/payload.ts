// The body POSTed to a hook's callback URLs (spec §3.2-§3.4), byte-compatible with Mattermost so
// receivers written for it (and for Slack) keep working.
import type { OutgoingHook } from './hook.js';

export interface OutgoingPayload {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  /** Milliseconds, as stored; the form body divides it down to seconds [D-m]. */
  timestamp: number;
  user_id: string;
  user_name: string;
  post_id: string;
  text: string;
  trigger_word: string;
  file_ids: string;
}

/** A payload as kept on a queued delivery: everything but the token, which is added when sending. */
export type PayloadSnapshot = Omit<OutgoingPayload, 'token'>;

export const withoutToken = ({ token: _token, ...snapshot }: OutgoingPayload): PayloadSnapshot => snapshot;

export interface PayloadSource {
  hook: Pick<OutgoingHook, 'token' | 'team_id'>;
  triggerWord: string;
  post: { id: string; create_at: number; message: string; file_ids?: readonly string[] };
  channel: { id: string; name: string };
  team: { name: string };
  user: { id: string; username: string };
}

export function buildPayload({ hook, triggerWord, post, channel, team, user }: PayloadSource): OutgoingPayload {
  return {
    token: hook.token,
    team_id: hook.team_id,
    team_domain: team.name,
    channel_id: channel.id,
    channel_name: channel.name,
    timestamp: post.create_at,
    user_id: user.id,
    user_name: user.username,
    post_id: post.id,
    text: post.message,
    trigger_word: triggerWord,
    file_ids: (post.file_ids ?? []).join(','),
  };
}

/** Replaces lone UTF-16 surrogates by U+FFFD (String.prototype.toWellFormed, missing from our ES2023 lib). */
export function toWellFormed(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    } else if (!(c >= 0xdc00 && c <= 0xdfff)) continue;
    out += s.slice(start, i) + '\uFFFD';
    start = i + 1;
  }
  return start === 0 ? s : out + s.slice(start);
}

/** Go's url.QueryEscape: only A-Z a-z 0-9 - _ . ~ stay, space becomes +. */
export function queryEscape(s: string): string {
  return encodeURIComponent(toWellFormed(s))
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Keys sorted by byte value, as Go's url.Values.Encode writes them. */
const FORM_KEYS = [
  'channel_id', 'channel_name', 'file_ids', 'post_id', 'team_domain', 'team_id', 'text', 'timestamp',
  'token', 'trigger_word', 'user_id', 'user_name',
] as const satisfies ReadonlyArray<keyof OutgoingPayload>;

export function encodeForm(p: OutgoingPayload): string {
  return FORM_KEYS.map((key) => {
    const value = key === 'timestamp' ? String(Math.floor(p.timestamp / 1000)) : p[key];
    return `${key}=${queryEscape(value)}`;
  }).join('&');
}

// Go's encoder escapes these for HTML safety; doing the same keeps bodies byte-identical to Mattermost's.
const GO_ESCAPES = /[<>&\u2028\u2029]/g;

export function encodeJson(p: OutgoingPayload): string {
  const w = toWellFormed;
  const ordered = {
    token: w(p.token), team_id: w(p.team_id), team_domain: w(p.team_domain), channel_id: w(p.channel_id),
    channel_name: w(p.channel_name), timestamp: p.timestamp, user_id: w(p.user_id), user_name: w(p.user_name),
    post_id: w(p.post_id), text: w(p.text), trigger_word: w(p.trigger_word), file_ids: w(p.file_ids),
  };
  return JSON.stringify(ordered).replace(GO_ESCAPES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const JSON_CONTENT_TYPE = 'application/json';
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** Only the exact string application/json selects JSON; anything else, "" included, is a form. */
export const requestContentType = (hook: Pick<OutgoingHook, 'content_type'>): string =>
  hook.content_type === JSON_CONTENT_TYPE ? JSON_CONTENT_TYPE : FORM_CONTENT_TYPE;

export function encodeBody(hook: Pick<OutgoingHook, 'content_type'>, payload: OutgoingPayload): { contentType: string; body: string } {
  const contentType = requestContentType(hook);
  return { contentType, body: contentType === JSON_CONTENT_TYPE ? encodeJson(payload) : encodeForm(payload) };
}
