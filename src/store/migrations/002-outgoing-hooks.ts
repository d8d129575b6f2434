// Outgoing webhooks, the delivery outbox and its attempt log.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  await db.schema
    .createTable('outgoing_hooks')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('token', 'varchar(26)', (c) => c.notNull())
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('update_at', ms, (c) => c.notNull())
    .addColumn('delete_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('creator_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
    // JSON lists; the "[a b]" rendering is capped at 1024 bytes, JSON escaping can double that.
    .addColumn('trigger_words', 'text', (c) => c.notNull())
    .addColumn('trigger_when', 'integer', (c) => c.notNull())
    .addColumn('callback_urls', 'text', (c) => c.notNull())
    .addColumn('display_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('description', 'varchar(500)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(128)', (c) => c.notNull())
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    .addColumn('icon_url', 'varchar(1024)', (c) => c.notNull())
    .addColumn('signing_secret', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('previous_signing_secret', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('previous_secret_expires_at', ms, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('idx_outgoing_hooks_team').on('outgoing_hooks').columns(['team_id', 'create_at']).execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('hook_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('post_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('callback_url', 'text', (c) => c.notNull())
    .addColumn('trigger_word', 'text', (c) => c.notNull())
    .addColumn('is_test', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('test_payload', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempt_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('update_at', ms, (c) => c.notNull())
    .addColumn('next_attempt_at', ms, (c) => c.notNull())
    .addColumn('lease_owner', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('lease_until', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('last_status_code', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reply_post_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reply_error', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('idx_deliveries_due').on('deliveries').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('idx_deliveries_hook').on('deliveries').columns(['hook_id', 'create_at']).execute();

  await db.schema
    .createTable('delivery_attempts')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('delivery_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('request_headers', 'text', (c) => c.notNull())
    .addColumn('request_body', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response_headers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('response_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('response_truncated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idx_delivery_attempts_delivery').on('delivery_attempts').columns(['delivery_id', 'attempt']).execute();
}
