// Posts: the wire shape Mattermost clients read, and the pure rules for creating one.
import { invalid, invalidBodyParam, invalidParam, type AppError } from './errors.js';

export type PostProps = Record<string, unknown>;

export interface PostPriority {
  priority: string;
  requested_ack?: boolean;
  persistent_notifications?: boolean;
}

export interface PostMetadata {
  priority?: PostPriority;
  [key: string]: unknown;
}

export interface Post {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  is_pinned: boolean;
  user_id: string;
  channel_id: string;
  root_id: string;
  original_id: string;
  message: string;
  type: string;
  props: PostProps;
  hashtags: string;
  file_ids: string[];
  pending_post_id: string;
  reply_count: number;
  last_reply_at: number;
  participants: null;
  metadata: PostMetadata;
}

/** What a caller supplies to create a post; the server fills in the rest. */
export interface PostDraft {
  channel_id: string;
  message: string;
  root_id?: string;
  type?: string;
  props?: PostProps;
  file_ids?: string[];
  pending_post_id?: string;
  metadata?: PostMetadata;
}

/** Unicode code points, never UTF-16 units: the unit of MaxPostSize. */
export const codePointLength = (s: string): number => {
  // A surrogate pair is two UTF-16 units but one code point; a lone surrogate counts as one, as
  // string iteration counts it. (Iterating the string is several times slower on long texts.)
  let pairs = 0;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return s.length - pairs;
};

export const messageTooLong = (max: number) =>
  invalid('model.post.is_valid.message_length.app_error', `Message must be at most ${max} characters.`);

/** Post types a client or integration may create; anything starting with custom_ is allowed too. */
export const KNOWN_POST_TYPES: ReadonlySet<string> = new Set(['', 'slack_attachment', 'me', 'reminder']);

/** The widest type the posts table stores (varchar(64)); PostgreSQL refuses longer ones. */
export const POST_TYPE_MAX = 64;

/** A type a client may create: not system_*, known or custom_*, and storable on every database. */
export function postTypeError(type: string) {
  if (type.startsWith('system_')) return invalidParam('post.type');
  if ((!KNOWN_POST_TYPES.has(type) && !type.startsWith('custom_')) || codePointLength(type) > POST_TYPE_MAX) {
    return invalid('model.post.is_valid.type.app_error', 'Invalid type.');
  }
  return null;
}

/** Priority values a post may carry; "" means none was chosen. */
export const POST_PRIORITIES: ReadonlySet<string> = new Set(['', 'important', 'urgent']);

/**
 * The priority rules every post obeys, typed by a user or sent by a webhook: only root posts, only a
 * known value, and only the documented keys with boolean values, so clients never read junk.
 */
export function checkedPriority(priority: unknown, rootId: string): PostPriority | AppError {
  if (rootId) return invalid('api.post.post_priority.priority_post_only_allowed_for_root_post.error', 'Only root posts can have a priority.');
  const given = typeof priority === 'object' && priority !== null ? (priority as Record<string, unknown>) : null;
  if (given === null || typeof given.priority !== 'string' || !POST_PRIORITIES.has(given.priority)) {
    return invalid('api.post.post_priority.invalid_priority.error', 'Invalid post priority.');
  }
  const kept: PostPriority = { priority: given.priority };
  for (const key of ['requested_ack', 'persistent_notifications'] as const) {
    const value = given[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'boolean') return invalidBodyParam(`metadata.priority.${key}`);
    kept[key] = value;
  }
  return kept;
}

/**
 * Props that say who a post comes from and how its author is shown. Only the server sets them, on
 * webhook replies; from a user they would let a post show any name and picture, with a BOT tag.
 */
export const WEBHOOK_IDENTITY_PROPS: readonly string[] = [
  'from_webhook', 'override_username', 'override_icon_url', 'override_icon_emoji', 'webhook_display_name',
];
/** Props that would make a post do what its author may not: add members, force notifications. */
export const NOTIFYING_PROPS: readonly string[] = ['add_channel_member', 'force_notification'];

/**
 * The props a user's create or patch may set. `from_bot` is kept only when the post's author is a
 * bot. A webhook post (an admin may edit one) keeps its own identity props from `stored`, whatever
 * the patch says.
 */
export function userPostProps(input: PostProps, authorIsBot: boolean, stored?: PostProps): PostProps {
  const props = { ...input };
  for (const key of [...WEBHOOK_IDENTITY_PROPS, ...NOTIFYING_PROPS]) delete props[key];
  if (!authorIsBot) delete props.from_bot;
  if (stored?.from_webhook === 'true') {
    for (const key of [...WEBHOOK_IDENTITY_PROPS, 'from_bot']) {
      if (Object.prototype.hasOwnProperty.call(stored, key)) props[key] = stored[key];
      else delete props[key];
    }
  }
  return props;
}
