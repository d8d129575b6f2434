// The duplicate rule for outgoing hooks (no two live hooks of a team on the same channel may share a
// trigger word and a callback URL) is checked with an index instead of reading every hook of the
// team: each live hook has one row per (trigger word, callback URL) pair it could collide on. The
// rows of hooks that already exist are written here. Counting a channel's hooks for its limit uses
// an index of its own.
import type { Kysely } from 'kysely';
import { intersectKeys } from '../../domain/outgoing-hooks/hook.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outgoing_hook_keys')
    .addColumn('hook_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
    // A valid hook's lists render in at most 1024 bytes, so one word or URL is shorter than that.
    .addColumn('trigger_word', 'text', (c) => c.notNull())
    .addColumn('callback_url', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idx_outgoing_hook_keys_lookup').on('outgoing_hook_keys')
    .columns(['team_id', 'channel_id', 'trigger_word', 'callback_url']).execute();
  await db.schema.createIndex('idx_outgoing_hook_keys_hook').on('outgoing_hook_keys').column('hook_id').execute();
  await db.schema.createIndex('idx_outgoing_hooks_channel').on('outgoing_hooks').columns(['team_id', 'channel_id', 'delete_at']).execute();

  const hooks = await db.selectFrom('outgoing_hooks').select(['id', 'team_id', 'channel_id', 'trigger_words', 'callback_urls']).where('delete_at', '=', 0).execute();
  for (const hook of hooks) {
    const keys = intersectKeys({ trigger_words: JSON.parse(hook.trigger_words), callback_urls: JSON.parse(hook.callback_urls) });
    const rows = keys.map(([trigger_word, callback_url]) => ({ hook_id: hook.id, team_id: hook.team_id, channel_id: hook.channel_id, trigger_word, callback_url }));
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('outgoing_hook_keys').values(rows.slice(i, i + 500)).execute();
  }
}
