// Channels and channel membership: stored shapes and the naming rules.
import { invalid } from './errors.js';

export type ChannelType = 'O' | 'P' | 'D' | 'G';

export interface Channel {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  team_id: string;
  type: ChannelType;
  display_name: string;
  name: string;
  header: string;
  purpose: string;
  last_post_at: number;
  last_root_post_at: number;
  total_msg_count: number;
  total_msg_count_root: number;
  creator_id: string;
}

export interface ChannelMember {
  channel_id: string;
  user_id: string;
  roles: string;
  last_viewed_at: number;
  last_update_at: number;
  msg_count: number;
  mention_count: number;
  notify_props: Record<string, string>;
}

const CHANNEL_NAME = /^[a-z0-9]+([a-z\-_0-9]+|(__)?)[a-z0-9]*$/;

export function channelNameError(name: string) {
  return name.length >= 1 && name.length <= 64 && CHANNEL_NAME.test(name)
    ? null
    : invalid('model.channel.is_valid.2_or_more.app_error', 'Name must be 2 or more lowercase alphanumeric characters.');
}

export function channelDisplayNameError(displayName: string) {
  const length = [...displayName].length;
  return length === 0 || length > 64
    ? invalid('model.channel.is_valid.display_name.app_error', 'Invalid display name.')
    : null;
}

export const directChannelName = (a: string, b: string) => (a < b ? `${a}__${b}` : `${b}__${a}`);

export const DEFAULT_NOTIFY_PROPS: Readonly<Record<string, string>> = Object.freeze({
  desktop: 'default',
  email: 'default',
  push: 'default',
  mark_unread: 'all',
  ignore_channel_mentions: 'default',
});

/** A public channel that is not archived: the only kind outgoing webhooks send from and post into. */
export const isLivePublicChannel = (c: Pick<Channel, 'type' | 'delete_at'> | null | undefined): boolean =>
  !!c && c.type === 'O' && c.delete_at === 0;
