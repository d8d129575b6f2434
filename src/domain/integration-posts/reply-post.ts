// Turns a decoded webhook reply into the post drafts to create (spec §4.2-§4.9): author, thread,
// display name, props filtering, type and priority rules, Slack translation and splitting.
import { invalidParam, isAppError, type AppError } from '../errors.js';
import { checkedPriority, NOTIFYING_PROPS, postTypeError, WEBHOOK_IDENTITY_PROPS, type PostDraft, type PostMetadata, type PostProps } from '../posts.js';
import { attachmentReferenceTexts, processAttachments, type SlackAttachment } from '../slack/attachments.js';
import { addReferences, emptyReferences, translateText, type TextLookups } from '../slack/text.js';
import type { HookReply } from './reply.js';
import { MAX_REPLY_POSTS } from './reply-limits.js';
import { splitReply } from './split.js';

export interface ReplySettings {
  enablePostUsernameOverride: boolean;
  enablePostIconOverride: boolean;
  maxPostSize: number;
}

export interface ReplyPostInput {
  reply: HookReply;
  /** The integration that answered (an outgoing webhook): its creator, name and default identity. */
  hook: { creator_id: string; display_name: string; username: string; icon_url: string };
  triggerPost: { id: string; root_id: string; channel_id: string };
  settings: ReplySettings;
  /** Whether the hook's creator (the author of the reply posts [D-n]) is a bot account. */
  authorIsBot: boolean;
  lookups: TextLookups;
}

export type ReplyPostResult =
  | { ok: true; posts: PostDraft[]; /** hook.creator_id: every draft is authored by it [D-n]. */ authorId: string }
  | { ok: false; error: AppError };

/**
 * Props an integration must not set itself: they decide how the post is presented or who is notified.
 * (webhook_display_name is dropped too, then set from the hook.)
 */
export const RESERVED_REPLY_PROPS: ReadonlySet<string> = new Set([...WEBHOOK_IDENTITY_PROPS, ...NOTIFYING_PROPS, 'mm_blocks_actions']);

export const DEFAULT_WEBHOOK_USERNAME = 'webhook';

/** How many attachments one step processes (up to 2,500 fields at the limits); see replyPostSteps. */
export const ATTACHMENTS_PER_STEP = 25;

/** Runs steps (replyPostSteps, replyReferenceSteps) all at once. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** collectReplyReferences in steps, the attachments a group at a time (see replyPostSteps). */
export function* replyReferenceSteps(reply: HookReply): Generator<void, { userIds: string[]; channelIds: string[] }, void> {
  const found = addReferences([reply.text], emptyReferences());
  for (let i = 0; i < reply.attachments.length; i += ATTACHMENTS_PER_STEP) {
    yield;
    addReferences(attachmentReferenceTexts(reply.attachments.slice(i, i + ATTACHMENTS_PER_STEP)), found);
  }
  return { userIds: [...found.users], channelIds: [...found.channels] };
}

/** The ids a reply refers to, for the caller to resolve before buildReplyPosts. */
export const collectReplyReferences = (reply: HookReply) => runSteps(replyReferenceSteps(reply));

/** §4.4 [D-j]: the name is always stored so every client shows the same one. */
export function replyDisplayName(reply: HookReply, hook: ReplyPostInput['hook'], settings: ReplySettings): string {
  if (!settings.enablePostUsernameOverride) return DEFAULT_WEBHOOK_USERNAME;
  return reply.username || hook.username || DEFAULT_WEBHOOK_USERNAME;
}

export function replyIconUrl(reply: HookReply, hook: ReplyPostInput['hook'], settings: ReplySettings): string | undefined {
  if (!settings.enablePostIconOverride) return undefined;
  return reply.icon_url || hook.icon_url || undefined;
}

/**
 * §4.6: system_ types belong to the server; anything else must be known or custom_. The user-post rule
 * is shared so a reply can never carry a type the posts table cannot store (over 64 characters failed
 * the insert on PostgreSQL, and the delivery was retried, re-sending the request).
 */
export const checkReplyType = (type: string): AppError | null => postTypeError(type);

/**
 * buildReplyPosts as a series of steps. Each `yield` is a point where a caller that must not block
 * for long (the server) may let other work run before asking for the next step; the generator's
 * return value is the result. The steps: the checks and the message text, the attachments a group
 * at a time, then the split into posts.
 */
export function* replyPostSteps(input: ReplyPostInput): Generator<void, ReplyPostResult, void> {
  const { reply, hook, triggerPost, settings, authorIsBot, lookups } = input;
  const attachments = reply.attachments.filter((a) => a !== null);
  // [D-d] Nothing to show is a successful delivery without a post.
  if (reply.text === '' && attachments.length === 0) return { ok: true, posts: [], authorId: hook.creator_id };

  const type = reply.type === '' && attachments.length > 0 ? 'slack_attachment' : reply.type;
  const typeError = checkReplyType(type);
  if (typeError) return { ok: false, error: typeError };

  // [D-b] A comment goes to the thread root, also when the trigger was itself a reply.
  const rootId = reply.response_type === 'comment' ? triggerPost.root_id || triggerPost.id : '';

  // §4.7: the webhook's own rule (the key must be there), then the rules of every post.
  const metadata: PostMetadata = {};
  if (reply.priority !== null) {
    if (reply.priority.priority === undefined) return { ok: false, error: invalidParam('webhook.priority.priority') };
    const priority = checkedPriority(reply.priority, rootId);
    if (isAppError(priority)) return { ok: false, error: priority };
    metadata.priority = priority;
  }

  const props: PostProps = {};
  for (const [key, value] of Object.entries(reply.props ?? {})) {
    // props.attachments never passes through raw: when used it comes back processed (§4.10).
    if (!RESERVED_REPLY_PROPS.has(key) && key !== 'attachments') props[key] = value;
  }
  props.webhook_display_name = hook.display_name;
  props.from_webhook = 'true';
  props.override_username = replyDisplayName(reply, hook, settings);
  const icon = replyIconUrl(reply, hook, settings);
  if (icon !== undefined) props.override_icon_url = icon;
  if (authorIsBot) props.from_bot = 'true';

  const message = translateText(reply.text, lookups);
  const processed: SlackAttachment[] = [];
  for (let i = 0; i < attachments.length; i += ATTACHMENTS_PER_STEP) {
    yield;
    processed.push(...processAttachments(attachments.slice(i, i + ATTACHMENTS_PER_STEP), lookups));
  }
  yield;

  const parts = splitReply({ message, props, attachments: processed, maxPostSize: settings.maxPostSize, maxPosts: MAX_REPLY_POSTS });
  if (!Array.isArray(parts)) return { ok: false, error: parts };
  const posts = parts.map((part): PostDraft => ({
    channel_id: triggerPost.channel_id,
    message: part.message,
    root_id: rootId,
    type,
    props: part.props,
    metadata: metadata.priority ? { priority: { ...metadata.priority } } : {},
  }));
  return { ok: true, posts, authorId: hook.creator_id };
}

/**
 * Builds the drafts in creation order, all steps at once. The caller still checks the channel and
 * creates them with triggerWebhooks = false and set_online = false.
 */
export const buildReplyPosts = (input: ReplyPostInput): ReplyPostResult => runSteps(replyPostSteps(input));
