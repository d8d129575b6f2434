// Row types of every table, as Kysely sees them. Booleans are stored as 0/1 integers and JSON as
// text so that one query layer serves SQLite and PostgreSQL alike.

export interface UsersTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  username: string;
  email: string;
  password_hash: string;
  nickname: string;
  first_name: string;
  last_name: string;
  position: string;
  roles: string;
  locale: string;
  is_bot: number;
  bot_description: string;
  last_password_update: number;
  props: string;
  notify_props: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  csrf_token: string;
  user_id: string;
  create_at: number;
  expires_at: number;
  last_activity_at: number;
}

export interface TeamsTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  display_name: string;
  name: string;
  description: string;
  email: string;
  type: string;
  company_name: string;
  allowed_domains: string;
  invite_id: string;
  allow_open_invite: number;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  roles: string;
  delete_at: number;
  create_at: number;
}

export interface ChannelsTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  team_id: string;
  type: string;
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

export interface ChannelMembersTable {
  channel_id: string;
  user_id: string;
  roles: string;
  last_viewed_at: number;
  last_update_at: number;
  msg_count: number;
  mention_count: number;
  notify_props: string;
}

export interface PostsTable {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  is_pinned: number;
  user_id: string;
  channel_id: string;
  root_id: string;
  original_id: string;
  message: string;
  type: string;
  props: string;
  hashtags: string;
  file_ids: string;
  pending_post_id: string;
  metadata: string;
}

export interface SystemsTable {
  name: string;
  value: string;
}

export interface OutgoingHooksTable {
  id: string;
  token: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  disabled_at: number;
  creator_id: string;
  channel_id: string;
  team_id: string;
  trigger_words: string;
  trigger_when: number;
  callback_urls: string;
  display_name: string;
  description: string;
  content_type: string;
  username: string;
  icon_url: string;
  signing_secret: string;
  previous_signing_secret: string;
  previous_secret_expires_at: number;
}

export interface DeliveriesTable {
  id: string;
  hook_id: string;
  post_id: string;
  callback_url: string;
  trigger_word: string;
  is_test: number;
  test_payload: string;
  seq: number;
  state: string;
  attempt_count: number;
  create_at: number;
  update_at: number;
  next_attempt_at: number;
  lease_owner: string;
  lease_until: number;
  last_status_code: number;
  last_error: string;
  reply_post_ids: string;
  reply_error: string;
}

export interface DeliveryAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  create_at: number;
  duration_ms: number;
  request_headers: string;
  request_body: string;
  response_status: number;
  response_headers: string;
  response_body: string;
  response_truncated: number;
  error: string;
  outcome: string;
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
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
}
