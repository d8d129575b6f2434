// Outgoing webhooks in SQL.
import { sql } from 'kysely';
import type { Dialect } from '../database.js';
import type { HookFilter, OutgoingHooksStore, Page, StoredHook } from '../store.js';
import type { OutgoingHooksTable } from '../tables.js';
import type { Executor } from './executor.js';
import { parseJson } from './json-columns.js';

const toHook = (row: OutgoingHooksTable): StoredHook => ({
  ...row,
  trigger_words: parseJson(row.trigger_words, []),
  callback_urls: parseJson(row.callback_urls, []),
});

const toRow = (h: StoredHook): OutgoingHooksTable => ({
  ...h,
  trigger_words: JSON.stringify(h.trigger_words),
  callback_urls: JSON.stringify(h.callback_urls),
});

export class SqlOutgoingHooks implements OutgoingHooksStore {
  constructor(private readonly db: Executor, private readonly dialect: Dialect) {}

  async lockTeam(teamId: string) {
    // SQLite runs one transaction at a time, which is lock enough; PostgreSQL needs a real one.
    if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${'outgoing_hooks:' + teamId}))`.execute(this.db);
  }

  async insert(h: StoredHook) {
    await this.db.insertInto('outgoing_hooks').values(toRow(h)).execute();
  }

  async update(h: StoredHook) {
    const { id, ...rest } = toRow(h);
    await this.db.updateTable('outgoing_hooks').set(rest).where('id', '=', id).execute();
  }

  async get(id: string) {
    const row = await this.db.selectFrom('outgoing_hooks').selectAll().where('id', '=', id).where('delete_at', '=', 0).executeTakeFirst();
    return row ? toHook(row) : null;
  }

  async list(filter: HookFilter, page: Page) {
    let q = this.db.selectFrom('outgoing_hooks').selectAll().where('delete_at', '=', 0);
    if (filter.teamId !== undefined) q = q.where('team_id', '=', filter.teamId);
    if (filter.channelId !== undefined) q = q.where('channel_id', '=', filter.channelId);
    if (filter.creatorId !== undefined) q = q.where('creator_id', '=', filter.creatorId);
    const rows = await q.orderBy('create_at').orderBy('id').offset(page.offset).limit(page.limit).execute();
    return rows.map(toHook);
  }

  async listAllLive() {
    const rows = await this.db.selectFrom('outgoing_hooks').selectAll().where('delete_at', '=', 0).orderBy('create_at').orderBy('id').execute();
    return rows.map(toHook);
  }
}
