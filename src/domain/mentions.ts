// Finds who a message mentions, so clients can notify them: @username, @channel, @all and @here.

const MENTION = /(?:^|[^\w@])@([a-z0-9][a-z0-9.\-_]*)/gi;
const CHANNEL_WIDE = new Set(['channel', 'all', 'here']);

export interface Mentions {
  usernames: string[];
  channelWide: boolean;
}

export function parseMentions(message: string): Mentions {
  const usernames = new Set<string>();
  let channelWide = false;
  for (const match of message.matchAll(MENTION)) {
    // A sentence may end right after a name: "ping @alice." mentions alice.
    const name = match[1].toLowerCase().replace(/[.\-_]+$/, '');
    if (CHANNEL_WIDE.has(name)) channelWide = true;
    else if (name) usernames.add(name);
  }
  return { usernames: [...usernames], channelWide };
}

const HASHTAG = /(?:^|\s)(#[\p{L}][\p{L}\p{N}_\-.]*[\p{L}\p{N}])/gu;

/** Space-separated hashtags of a message, as Mattermost stores them in `hashtags`. */
export function parseHashtags(message: string): string {
  const tags = new Set<string>();
  for (const match of message.matchAll(HASHTAG)) tags.add(match[1]);
  return [...tags].join(' ');
}
