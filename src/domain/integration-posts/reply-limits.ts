// How much one webhook reply may ask of the server. A reply is untrusted and up to 1 MiB; without
// these bounds, 340,000 empty attachments or 1 MiB of text kept the server busy for seconds per
// reply. Mattermost has no such limits (it has no ids for them either; ours follow its style).
// The number of values is counted before the reply is parsed; attachments, fields and actions on the
// parsed JSON, before any attachment is decoded or processed.
import { invalid, type AppError } from '../errors.js';
import { goArray } from '../go-json/decode.js';
import { goField, isJsonObject } from '../go-json/keys.js';

/**
 * Values in the whole reply (every member and element, at any depth), counted while the reply is
 * scanned, before it is parsed. 1 MiB of tiny objects is about 340,000 values, which took JSON.parse
 * over 100 ms; the largest reply the other limits allow, with every field and action an integration
 * might send, stays well under this.
 */
export const MAX_REPLY_VALUES = 100_000;
/** Slack's own limit per message. */
export const MAX_REPLY_ATTACHMENTS = 100;
/** Per attachment. Slack sets none for attachment fields; this keeps 100 attachments at 10,000 fields. */
export const MAX_ATTACHMENT_FIELDS = 100;
/** Per attachment. Slack allows 5 in attachments and 25 in an actions block; integrations built for Mattermost use more than 5. */
export const MAX_ATTACHMENT_ACTIONS = 25;
/**
 * Posts one reply may become, text parts and attachment overflow together. Slack cuts a message at
 * 40,000 characters: 10 posts of the default MaxPostSize (4000) hold that much.
 */
export const MAX_REPLY_POSTS = 10;

const limitError = (what: string, message: string, detail: string) =>
  invalid(`api.outgoing_webhook.reply.too_many_${what}.app_error`, message, detail);

export const tooManyValues = (count: number) =>
  limitError('values', `A webhook reply may hold at most ${MAX_REPLY_VALUES} JSON values.`, `the reply holds ${count}`);
export const tooManyAttachments = (count: number) =>
  limitError('attachments', `A webhook reply may have at most ${MAX_REPLY_ATTACHMENTS} attachments.`, `the reply has ${count}`);
export const tooManyFields = (index: number, count: number) =>
  limitError('fields', `An attachment of a webhook reply may have at most ${MAX_ATTACHMENT_FIELDS} fields.`, `attachment ${index} has ${count}`);
export const tooManyActions = (index: number, count: number) =>
  limitError('actions', `An attachment of a webhook reply may have at most ${MAX_ATTACHMENT_ACTIONS} actions.`, `attachment ${index} has ${count}`);
export const tooManyPosts = (count: number) =>
  limitError('posts', `A webhook reply may become at most ${MAX_REPLY_POSTS} posts.`, `the reply needs at least ${count}`);

const arrayOrNull = (v: unknown): unknown[] | null => {
  try {
    return goArray(v, '');
  } catch {
    return null; // wrongly typed: decoding refuses it with api.unmarshal_error
  }
};

/**
 * The attachments the reply will use (§4.10): the top-level list when it has an entry, else
 * props.attachments. Null entries count: each one is still work to decode.
 */
function effectiveAttachments(reply: Record<string, unknown>): unknown[] {
  const top = arrayOrNull(goField(reply, 'attachments'));
  if (top !== null && top.length > 0) return top;
  const props = goField(reply, 'props');
  return isJsonObject(props) ? (arrayOrNull(props.attachments) ?? []) : [];
}

/** The first limit a parsed reply breaks, or null. Looks at counts only, never at contents. */
export function replyLimitError(reply: unknown): AppError | null {
  if (!isJsonObject(reply)) return null;
  const attachments = effectiveAttachments(reply);
  if (attachments.length > MAX_REPLY_ATTACHMENTS) return tooManyAttachments(attachments.length);
  for (const [i, a] of attachments.entries()) {
    if (!isJsonObject(a)) continue;
    const fields = arrayOrNull(goField(a, 'fields'))?.length ?? 0;
    if (fields > MAX_ATTACHMENT_FIELDS) return tooManyFields(i, fields);
    const actions = arrayOrNull(goField(a, 'actions'))?.length ?? 0;
    if (actions > MAX_ATTACHMENT_ACTIONS) return tooManyActions(i, actions);
  }
  return null;
}
