// Slack markup in webhook replies turned into Switchboard Markdown (spec §5, decision §11.3).
// Pure: the caller resolves the ids returned by collectReferences and passes the names back in.
import { ATTACHMENT_LINK_LABELLED, CHANNEL_REF_LABELLED, findLabelled, replaceLabelled, USER_REF_LABELLED } from './labelled-refs.js';


export interface TextLookups {
  /** user id → username, for users that exist. */
  usernames: ReadonlyMap<string, string>;
  /** channel id → channel name, only for public channels of the reply's team (private names must not leak). */
  publicChannelNames: ReadonlyMap<string, string>;
}

const ANNOUNCEMENTS: ReadonlyArray<readonly [string, string]> = [
  ['<!channel>', '@channel'],
  ['<!here>', '@here'],
  ['<!all>', '@all'],
  ['<!everyone>', '@all'],
];

const USER_REF = /<@([a-zA-Z0-9]+)>/g;
const CHANNEL_REF = /<#([a-zA-Z0-9]+)>/g;
const TEXT_LINK = /<([^\n<|>]+)\|([^|\n>]+)>/g;
// The labelled forms (<@id|label>, <#id|label>, the attachment link rule) go through a one-pass
// scanner: as regular expressions they take quadratic time on unclosed markup (labelled-refs.ts).

/** Ids found so far, each once, in order of first appearance. */
export interface ReferenceSets {
  users: Set<string>;
  channels: Set<string>;
}

export const emptyReferences = (): ReferenceSets => ({ users: new Set(), channels: new Set() });

/** Adds every user and channel id the texts refer to; returns `into`. */
export function addReferences(texts: readonly string[], into: ReferenceSets): ReferenceSets {
  for (const text of texts) {
    // Most texts hold no markup at all (a reply may have 10,000 field values).
    if (text.includes('<@')) {
      for (const m of text.matchAll(USER_REF)) into.users.add(m[1]);
      for (const m of findLabelled(text, USER_REF_LABELLED)) into.users.add(m.head);
    }
    if (text.includes('<#')) {
      for (const m of text.matchAll(CHANNEL_REF)) into.channels.add(m[1]);
      for (const m of findLabelled(text, CHANNEL_REF_LABELLED)) into.channels.add(m.head);
    }
  }
  return into;
}

/** Every user and channel id referenced by the texts, deduplicated, in order of first appearance. */
export function collectReferences(texts: readonly string[]): { userIds: string[]; channelIds: string[] } {
  const found = addReferences(texts, emptyReferences());
  return { userIds: [...found.users], channelIds: [...found.channels] };
}

export function translateAnnouncements(text: string): string {
  if (!text.includes('<!')) return text;
  let out = text;
  for (const [markup, mention] of ANNOUNCEMENTS) out = out.split(markup).join(mention);
  return out;
}

/**
 * A resolved id always wins over the label. An unresolved labelled reference falls back to its label
 * (§11.3) because a dangling id reads worse; an empty label gives nothing to show, so it stays as written.
 */
export function translateUserReferences(text: string, usernames: ReadonlyMap<string, string>): string {
  if (!text.includes('<@')) return text;
  const bare = text.replace(USER_REF, (whole, id: string) => (usernames.has(id) ? `@${usernames.get(id)}` : whole));
  return replaceLabelled(bare, USER_REF_LABELLED, ({ head: id, label }, whole) =>
    usernames.has(id) ? `@${usernames.get(id)}` : label !== '' ? `@${label}` : whole,
  );
}

export function translateChannelReferences(text: string, channelNames: ReadonlyMap<string, string>): string {
  if (!text.includes('<#')) return text;
  const bare = text.replace(CHANNEL_REF, (whole, id: string) => (channelNames.has(id) ? `~${channelNames.get(id)}` : whole));
  return replaceLabelled(bare, CHANNEL_REF_LABELLED, ({ head: id, label }, whole) =>
    channelNames.has(id) ? `~${channelNames.get(id)}` : label !== '' ? `~${label}` : whole,
  );
}

/** §5.1 steps 1-3, shared by message text and attachments. */
export function translateReferences(text: string, lookups: TextLookups): string {
  const announced = translateAnnouncements(text);
  const withUsers = translateUserReferences(announced, lookups.usernames);
  return translateChannelReferences(withUsers, lookups.publicChannelNames);
}

// Callbacks rather than "$2" templates keep the rewrite literal whatever the captured text holds.
export const applyTextLinkRule = (text: string): string =>
  text.replace(TEXT_LINK, (_w, url: string, label: string) => `[${label}](${url})`);

export const applyAttachmentLinkRule = (text: string): string =>
  replaceLabelled(text, ATTACHMENT_LINK_LABELLED, ({ head: url, label }) => `[${label}](${url})`);

// Every markup starts with "<": the many plain strings of a reply (field values) skip the pipeline.

/** The full pipeline for a reply's message text (§5.1). */
export const translateText = (text: string, lookups: TextLookups): string =>
  text.includes('<') ? applyTextLinkRule(translateReferences(text, lookups)) : text;

/** The pipeline for attachment pretext, text and field values (§4.10 steps 3-4). */
export const translateAttachmentText = (text: string, lookups: TextLookups): string =>
  text.includes('<') ? applyAttachmentLinkRule(translateReferences(text, lookups)) : text;
