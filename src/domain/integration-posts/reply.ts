// Decodes a callback's answer into a typed reply (spec §3.7, §4.1) with Go's decoding rules, so a
// reply Mattermost would reject is rejected here too, with the same api.unmarshal_error id.
import { AppError } from '../errors.js';
import { decodeAttachments, type SlackAttachment } from '../slack/attachments.js';
import { DecodeError, goObject, goOptionalBool, goOptionalString, goString } from '../go-json/decode.js';
import { goField, isJsonObject, type JsonObject } from '../go-json/keys.js';
import { firstJsonValue } from '../go-json/first-value.js';
import { MAX_REPLY_VALUES, replyLimitError, tooManyValues } from './reply-limits.js';

/** At most this many bytes of a reply are read (§3.7). */
export const REPLY_MAX_BYTES = 1_048_576;

export interface ReplyPriority {
  /** undefined when the key was absent or null: the reply is then refused (§4.7). */
  priority?: string;
  requested_ack?: boolean;
  persistent_notifications?: boolean;
}

export interface HookReply {
  text: string;
  username: string;
  icon_url: string;
  props: JsonObject | null;
  /**
   * The effective attachments (§4.10): the top-level list when it has an entry, else props.attachments
   * when that is an array [D-l]. Null entries are kept here; processing drops them.
   */
  attachments: Array<SlackAttachment | null>;
  type: string;
  response_type: string;
  priority: ReplyPriority | null;
}

export type ParseReplyResult = { ok: true; reply: HookReply | null } | { ok: false; error: AppError };

export const unmarshalError = (detail: string) =>
  new AppError('api.unmarshal_error', 'invalid', 'Unable to decode the reply of the outgoing webhook.', detail);

// ignoreBOM keeps a leading BOM in the text, so it is refused like Go refuses it; bad UTF-8 becomes U+FFFD as in Go.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * `truncated` says the reader stopped at REPLY_MAX_BYTES with more to come: a first value that does not
 * finish inside what was read is then unparseable rather than merely cut short.
 */
export function parseReply(body: Uint8Array | string, truncated: boolean): ParseReplyResult {
  if (typeof body !== 'string' && body.length > REPLY_MAX_BYTES) {
    // A caller that read too much still gets the 1 MiB rule.
    body = body.subarray(0, REPLY_MAX_BYTES);
    truncated = true;
  }
  const text = typeof body === 'string' ? body : decoder.decode(body);
  const first = firstJsonValue(text);
  if (first.kind === 'empty') {
    return truncated ? fail('reply exceeds the size limit') : { ok: true, reply: null };
  }
  if (first.kind === 'incomplete') return fail(truncated ? 'reply exceeds the size limit' : 'unexpected end of JSON input');
  if (first.kind === 'too_deep') return fail('exceeded max depth');
  if (first.values > MAX_REPLY_VALUES) return { ok: false, error: tooManyValues(first.values) };
  let value: unknown;
  try {
    value = JSON.parse(first.text);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (value === null) return { ok: true, reply: null };
  // Counted before anything is decoded, so an oversized reply costs no more than its parse.
  const limit = replyLimitError(value);
  if (limit) return { ok: false, error: limit };
  if (containsNul(first.text)) return fail('strings must not contain NUL characters');
  try {
    return { ok: true, reply: decodeReply(value) };
  } catch (e) {
    if (e instanceof DecodeError) return fail(e.message);
    throw e;
  }
}

const fail = (detail: string): ParseReplyResult => ({ ok: false, error: unmarshalError(detail) });

/**
 * PostgreSQL cannot store U+0000 in text, so a reply carrying one (as "\u0000") could be posted on
 * SQLite but would fail to save on PostgreSQL. It is refused on every database, like request bodies
 * are. Read from the JSON text, which JSON.parse has just accepted: there a NUL can only be written
 * as the escape \u0000 (a raw one is invalid), and that escape is real when an odd number of
 * backslashes leads to it. One indexOf over the text, instead of a walk over every parsed value.
 */
function containsNul(json: string): boolean {
  for (let i = json.indexOf('\\u0000'); i !== -1; i = json.indexOf('\\u0000', i + 1)) {
    let backslashes = 1;
    while (i - backslashes >= 0 && json[i - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 1) return true;
  }
  return false;
}

function decodeReply(value: unknown): HookReply {
  if (!isJsonObject(value)) throw new DecodeError('reply', 'OutgoingWebhookResponse', value);
  const props = goObject(goField(value, 'props'), 'props');
  let attachments = decodeAttachments(goField(value, 'attachments'));
  if (attachments.length === 0 && props !== null && Array.isArray(props.attachments)) {
    attachments = decodeAttachments(props.attachments, 'props.attachments');
  }
  return {
    text: goString(goField(value, 'text'), 'text'),
    username: goString(goField(value, 'username'), 'username'),
    icon_url: goString(goField(value, 'icon_url'), 'icon_url'),
    props,
    attachments,
    type: goString(goField(value, 'type'), 'type'),
    response_type: goString(goField(value, 'response_type'), 'response_type'),
    priority: decodePriority(goField(value, 'priority')),
  };
}

function decodePriority(raw: unknown): ReplyPriority | null {
  const obj = goObject(raw, 'priority');
  if (obj === null) return null;
  const out: ReplyPriority = {};
  const priority = goOptionalString(goField(obj, 'priority'), 'priority.priority');
  const ack = goOptionalBool(goField(obj, 'requested_ack'), 'priority.requested_ack');
  const persistent = goOptionalBool(goField(obj, 'persistent_notifications'), 'priority.persistent_notifications');
  if (priority !== undefined) out.priority = priority;
  if (ack !== undefined) out.requested_ack = ack;
  if (persistent !== undefined) out.persistent_notifications = persistent;
  return out;
}
