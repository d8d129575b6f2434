// Data of the post events sent over the WebSocket (api-v4-compat §8.6): `posted`, `post_edited`,
// `post_deleted`. The post travels as a JSON string, not an object, because that is what clients parse.
import type { Post } from '../domain/posts.js';

export interface PostedChannel {
  type: string; // 'O' | 'P' | 'D' | 'G'
  name: string;
  display_name: string;
  team_id: string;
}

export interface PostedEventInput {
  post: Post;
  channel: PostedChannel;
  /** The author's username (a leading "@" is tolerated; usernames cannot start with one). */
  senderName: string;
  /** true for posts by a user, false for webhook posts. */
  setOnline: boolean;
  /** Ids of mentioned users; sent only when non-empty. */
  mentions?: readonly string[];
}

const isFromWebhook = (post: Post) => post.props?.from_webhook === 'true';

/** `@username`, or for webhook posts the override username they asked to be shown under. */
export function postSenderName(post: Post, username: string): string {
  const override = post.props?.override_username;
  if (isFromWebhook(post) && typeof override === 'string' && override !== '') return override;
  return `@${username.replace(/^@/, '')}`;
}

export function postedEventData(input: PostedEventInput): Record<string, unknown> {
  const { post, channel, senderName, setOnline, mentions } = input;
  const personal = channel.type === 'D' || channel.type === 'G';
  const data: Record<string, unknown> = {
    channel_display_name: channel.type === 'D' ? `@${senderName.replace(/^@/, '')}` : channel.display_name,
    channel_name: channel.name,
    channel_type: channel.type,
    post: JSON.stringify(post),
    sender_name: postSenderName(post, senderName),
    set_online: setOnline,
    team_id: personal ? '' : channel.team_id,
  };
  if (mentions && mentions.length > 0) data.mentions = JSON.stringify([...new Set(mentions)]);
  return data;
}

export const postEditedEventData = (post: Post): Record<string, unknown> => ({ post: JSON.stringify(post) });

export const postDeletedEventData = (post: Post): Record<string, unknown> => ({ post: JSON.stringify(post) });
