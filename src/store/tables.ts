// Row types of every table, as Kysely sees them, derived from the domain records so the two cannot
// drift apart. Booleans are stored as 0/1 integers and JSON as text, so that one query layer serves
// SQLite and PostgreSQL alike; `Row` says which columns are encoded that way.
import type { User } from '../domain/users.js';
import type { Team, TeamMember } from '../domain/teams.js';
import type { Channel, ChannelMember } from '../domain/channels.js';
import type { Post } from '../domain/posts.js';
import type { Delivery, DeliveryAttempt } from '../domain/delivery/delivery.js';
import type { Generated } from 'kysely';
import type { Session } from '../domain/sessions.js';
import type { StoredHook } from '../domain/outgoing-hooks/hook.js';

/** `T` as stored: `Flags` become 0/1 integers and `JsonColumns` JSON text. */
type Row<T, Flags extends keyof T = never, JsonColumns extends keyof T = never> = Omit<T, Flags | JsonColumns> & {
  [K in Flags]: number;
} & { [K in JsonColumns]: string };

/** Failed logins are counted in the row, never shown: they are written only by the lockout's own queries. */
export type UsersTable = Row<User, 'is_bot', 'props' | 'notify_props'> & {
  password_hash: string;
  failed_attempts: Generated<number>;
  last_failed_attempt_at: Generated<number>;
};
export type SessionsTable = Session;
export type TeamsTable = Row<Team, 'allow_open_invite'>;
export type TeamMembersTable = TeamMember & { create_at: number };
export type ChannelsTable = Channel;
export type ChannelMembersTable = Row<ChannelMember, never, 'notify_props'>;
/** Reply counts are derived from the replies, never stored. */
export type PostsTable = Row<Omit<Post, 'reply_count' | 'last_reply_at' | 'participants'>, 'is_pinned', 'props' | 'file_ids' | 'metadata'>;
export type OutgoingHooksTable = Row<StoredHook, never, 'trigger_words' | 'callback_urls'>;
/** `payload` is "" for deliveries queued before payload snapshots were kept. */
export type DeliveriesTable = Row<Delivery, 'is_test', 'reply_post_ids' | 'payload'> & { lease_owner: string; lease_until: number };
export type DeliveryAttemptsTable = Row<DeliveryAttempt, 'response_truncated', 'request_headers' | 'response_headers'>;

/** One row per (trigger word, callback URL) pair of a live hook: the duplicate rule's index. */
export interface OutgoingHookKeysTable {
  hook_id: string;
  team_id: string;
  channel_id: string;
  trigger_word: string;
  callback_url: string;
}

export interface SystemsTable {
  name: string;
  value: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  channels: ChannelsTable;
  channel_members: ChannelMembersTable;
  posts: PostsTable;
  systems: SystemsTable;
  outgoing_hooks: OutgoingHooksTable;
  outgoing_hook_keys: OutgoingHookKeysTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
}
