// Users, sessions, teams, channels, posts: the chat core's tables.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('update_at', ms, (c) => c.notNull())
    .addColumn('delete_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('email', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('nickname', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('first_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('last_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('roles', 'varchar(256)', (c) => c.notNull())
    .addColumn('locale', 'varchar(5)', (c) => c.notNull().defaultTo('en'))
    .addColumn('is_bot', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bot_description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('last_password_update', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('notify_props', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('csrf_token', 'varchar(26)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('expires_at', ms, (c) => c.notNull())
    .addColumn('last_activity_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idx_sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('update_at', ms, (c) => c.notNull())
    .addColumn('delete_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('display_name', 'varchar(256)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'varchar(1)', (c) => c.notNull())
    .addColumn('company_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('allowed_domains', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('invite_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('allow_open_invite', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('roles', 'varchar(256)', (c) => c.notNull())
    .addColumn('delete_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('create_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('idx_team_members_user').on('team_members').column('user_id').execute();

  await db.schema
    .createTable('channels')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('update_at', ms, (c) => c.notNull())
    .addColumn('delete_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('type', 'varchar(1)', (c) => c.notNull())
    .addColumn('display_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('header', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('purpose', 'varchar(250)', (c) => c.notNull().defaultTo(''))
    .addColumn('last_post_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('last_root_post_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('total_msg_count', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('total_msg_count_root', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('creator_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('channels_team_name', ['team_id', 'name'])
    .execute();

  await db.schema
    .createTable('channel_members')
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('roles', 'varchar(256)', (c) => c.notNull())
    .addColumn('last_viewed_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('last_update_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('msg_count', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('mention_count', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('notify_props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addPrimaryKeyConstraint('channel_members_pk', ['channel_id', 'user_id'])
    .execute();
  await db.schema.createIndex('idx_channel_members_user').on('channel_members').column('user_id').execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('update_at', ms, (c) => c.notNull())
    .addColumn('edit_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('delete_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('is_pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('root_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('original_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('type', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('hashtags', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('file_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('pending_post_id', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('idx_posts_channel_create').on('posts').columns(['channel_id', 'create_at']).execute();
  await db.schema.createIndex('idx_posts_channel_update').on('posts').columns(['channel_id', 'update_at']).execute();
  await db.schema.createIndex('idx_posts_root').on('posts').column('root_id').execute();

  await db.schema
    .createTable('systems')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
