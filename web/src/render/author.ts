// Who a post appears to come from. A webhook's post shows the name the server chose for it
// (props.override_username: "webhook" unless the System Console lets integrations choose), a BOT
// tag, and the hook's icon or, without one, its creator's picture.
import type { Post } from '@mattermost/types/posts';
import type { UserProfile } from '@mattermost/types/users';
import { safeImageUrl } from './urls';

export interface PostAuthor {
  name: string;
  isBot: boolean;
  fromWebhook: boolean;
  /** An image to show instead of the user's own picture, when the post names one that is allowed. */
  iconUrl: string;
  /** The account behind the post (its creator, for a webhook post). */
  userId: string;
}

const prop = (post: Post, key: string): string => {
  const value = post.props?.[key];
  return typeof value === 'string' ? value : '';
};

export function postAuthor(post: Post, user: UserProfile | undefined): PostAuthor {
  const fromWebhook = prop(post, 'from_webhook') === 'true';
  const fromBot = prop(post, 'from_bot') === 'true' || !!user?.is_bot;
  if (fromWebhook) {
    return {
      name: prop(post, 'override_username') || 'webhook',
      isBot: true,
      fromWebhook: true,
      iconUrl: safeImageUrl(prop(post, 'override_icon_url')),
      userId: post.user_id,
    };
  }
  return { name: user?.username ?? 'someone', isBot: fromBot, fromWebhook: false, iconUrl: '', userId: post.user_id };
}

/** Two letters and a stable colour for a user without a picture. */
export function initialsOf(name: string): string {
  const parts = name.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ');
  const letters = parts.length > 1 ? `${parts[0]![0]}${parts[1]![0]}` : (parts[0] ?? '?').slice(0, 2);
  return (letters || '?').toUpperCase();
}

export function colourOf(id: string): string {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360} 45% 42%)`;
}
