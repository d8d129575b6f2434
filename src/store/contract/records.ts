// Records for the store contract: valid rows with fresh ids, any field overridable.
import { newId } from '../../adapters/ids.js';
import type { UserWithPassword } from '../../domain/users.js';
import type { Team } from '../../domain/teams.js';
import type { Channel } from '../../domain/channels.js';
import type { Post } from '../../domain/posts.js';
import type { Session } from '../../domain/sessions.js';

export const user = (username: string, extra: Partial<UserWithPassword> = {}): UserWithPassword => ({
  id: newId(), create_at: 1, update_at: 1, delete_at: 0, username, email: `${username}@example.com`,
  nickname: '', first_name: '', last_name: '', position: '', roles: 'system_user', locale: 'en',
  is_bot: false, bot_description: '', last_password_update: 1, props: {}, notify_props: {},
  password_hash: 'hash', ...extra,
});

export const team = (name: string, extra: Partial<Team> = {}): Team => ({
  id: newId(), create_at: 5, update_at: 5, delete_at: 0, display_name: name, name, description: '', email: '',
  type: 'O', company_name: '', allowed_domains: '', invite_id: newId(), allow_open_invite: true, ...extra,
});

export const channel = (teamId: string, name: string, type: Channel['type'] = 'O'): Channel => ({
  id: newId(), create_at: 1, update_at: 1, delete_at: 0, team_id: teamId, type, display_name: name, name,
  header: '', purpose: '', last_post_at: 0, last_root_post_at: 0, total_msg_count: 0, total_msg_count_root: 0, creator_id: '',
});

export const post = (channelId: string, userId: string, createAt: number, extra: Partial<Post> = {}): Post => ({
  id: newId(), create_at: createAt, update_at: createAt, edit_at: 0, delete_at: 0, is_pinned: false,
  user_id: userId, channel_id: channelId, root_id: '', original_id: '', message: `m${createAt}`, type: '',
  props: { a: 'b' }, hashtags: '', file_ids: [], pending_post_id: '', reply_count: 0, last_reply_at: 0,
  participants: null, metadata: {}, ...extra,
});

export const session = (userId: string, extra: Partial<Session> = {}): Session => ({
  id: newId(), token_hash: newId() + newId(), csrf_token: newId(), user_id: userId, create_at: 10, expires_at: 1000,
  last_activity_at: 10, ...extra,
});
