// Splits one webhook reply into as many posts as the post-size and props limits require (spec §4.9 [D-k]).
import { invalid, type AppError } from '../errors.js';
import { codePointLength, type PostProps } from '../posts.js';
import { attachmentToJson, type SlackAttachment } from '../slack/attachments.js';
import { tooManyPosts } from './reply-limits.js';

/** 800000 minus a 40000 reserve for what the server adds; measured in code points of the props JSON. */
export const PROPS_MAX_CODE_POINTS = 760_000;

export const splitPropsLengthError = () =>
  invalid(
    'web.incoming_webhook.split_props_length.app_error',
    `Unable to split webhook props into ${PROPS_MAX_CODE_POINTS} character parts.`,
  );

/** Consecutive chunks of exactly `max` code points, the last one holding the rest; "" gives [""]. */
export function splitText(text: string, max: number): string[] {
  if (max <= 0) throw new RangeError('the post size limit must be positive');
  // Walks UTF-16 units and slices the text itself: spreading a long text into an array of
  // characters first cost more than everything else in building a reply's posts.
  const chunks: string[] = [];
  let start = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++; // a surrogate pair is one code point
    }
    if (++count === max) {
      chunks.push(text.slice(start, i + 1));
      start = i + 1;
      count = 0;
    }
  }
  if (start < text.length || chunks.length === 0) chunks.push(text.slice(start));
  return chunks;
}

export interface SplitPart {
  message: string;
  /** The shared props plus, on the parts that carry some, `attachments` (in stored JSON form). */
  props: PostProps;
}

export interface SplitInput {
  message: string;
  /** Props without attachments; every part gets a copy. */
  props: PostProps;
  attachments: readonly SlackAttachment[];
  maxPostSize: number;
  /** Refuse (too_many_posts) rather than make more posts than this; no limit when absent. */
  maxPosts?: number;
}

// Measured on JSON.stringify output. Mattermost measures Go's encoding, which also escapes < > & as
// \u003c…; the spec fixes only "props serialised to JSON", and the plain form is what we store.
const jsonLength = (v: unknown): number => codePointLength(JSON.stringify(v));

export function splitReply({ message, props, attachments, maxPostSize, maxPosts = Infinity }: SplitInput): AppError | SplitPart[] {
  const baseLength = jsonLength(props);
  if (baseLength > PROPS_MAX_CODE_POINTS) return splitPropsLengthError();
  // Counted before the text is cut, so a text far over the limit is never split at all.
  const textPosts = Math.max(1, Math.ceil(codePointLength(message) / maxPostSize));
  if (textPosts > maxPosts) return tooManyPosts(textPosts);
  const parts = splitText(message, maxPostSize).map((chunk) => ({ message: chunk, attached: [] as object[], size: 0 }));

  // Size of the props JSON once `"attachments":[…]` is added, without re-serialising everything:
  // sizes are the JSON lengths of the attachments already on the part.
  const keyCost = codePointLength('"attachments":[]') + (Object.keys(props).length > 0 ? 1 : 0);
  const lengthWith = (count: number, size: number) => baseLength + keyCost + size + Math.max(0, count - 1);

  for (const attachment of attachments) {
    let json = attachmentToJson(attachment);
    let size = jsonLength(json);
    let last = parts[parts.length - 1];
    let total = lengthWith(last.attached.length + 1, last.size + size);
    if (total > PROPS_MAX_CODE_POINTS && last.attached.length > 0) {
      // It would fit better alone: start a post with no text for it.
      last = { message: '', attached: [], size: 0 };
      parts.push(last);
      if (parts.length > maxPosts) return tooManyPosts(parts.length);
      total = lengthWith(1, size);
    }
    if (total > PROPS_MAX_CODE_POINTS) {
      // Even alone it is too big: shorten its text by the excess, as Mattermost does (no re-check after).
      const excess = total - PROPS_MAX_CODE_POINTS;
      const chars = [...attachment.text];
      if (chars.length < excess) return splitPropsLengthError();
      json = attachmentToJson({ ...attachment, text: chars.slice(0, chars.length - excess).join('') });
      size = jsonLength(json);
    }
    last.attached.push(json);
    last.size += size;
  }

  return parts.map((p) => ({
    message: p.message,
    props: p.attached.length > 0 ? { ...props, attachments: p.attached } : { ...props },
  }));
}
