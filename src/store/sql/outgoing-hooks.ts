// Outgoing webhooks in SQL. Beside each live hook, outgoing_hook_keys holds the (trigger word,
// callback URL) pairs the duplicate rule compares, written in the same transaction as the hook, so
// that rule is an index lookup however many hooks the team has.
import { sql } from 'kysely';
import { intersectKeys, type IntersectFields, type StoredHook } from '../../domain/outgoing-hooks/hook.js';
import type { Dialect } from '../database.js';
import type { HookFilter, OutgoingHooksStore } from '../store.js';
import type { Page } from '../../domain/paging.js';
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

/** Words (and URLs) bound per lookup; a valid hook has far fewer, so it takes one query. */
const KEY_BATCH = 500;

/** The keys of a live hook; a deleted one has none, so it never counts as a duplicate. */
async function writeKeys(db: Executor, h: StoredHook) {
  if (h.delete_at !== 0) return;
  const rows = intersectKeys(h).map(([trigger_word, callback_url]) => ({ hook_id: h.id, team_id: h.team_id, channel_id: h.channel_id, trigger_word, callback_url }));
  for (let i = 0; i < rows.length; i += KEY_BATCH) await db.insertInto('outgoing_hook_keys').values(rows.slice(i, i + KEY_BATCH)).execute();
}

export class SqlOutgoingHooks implements OutgoingHooksStore {
  constructor(private readonly db: Executor, private readonly dialect: Dialect) {}

  async lockTeam(teamId: string) {
    // SQLite runs one transaction at a time, which is lock enough; PostgreSQL needs a real one.
    if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${'outgoing_hooks:' + teamId}))`.execute(this.db);
  }

  /** Runs `fn` in the caller's transaction, or in one of its own: a hook and its keys change together. */
  private atomically(fn: (db: Executor) => Promise<void>) {
    return this.db.isTransaction ? fn(this.db) : this.db.transaction().execute(fn);
  }

  async insert(h: StoredHook) {
    await this.atomically(async (db) => {
      await db.insertInto('outgoing_hooks').values(toRow(h)).execute();
      await writeKeys(db, h);
    });
  }

  async update(h: StoredHook) {
    const { id, ...rest } = toRow(h);
    await this.atomically(async (db) => {
      await db.updateTable('outgoing_hooks').set(rest).where('id', '=', id).execute();
      await db.deleteFrom('outgoing_hook_keys').where('hook_id', '=', id).execute();
      await writeKeys(db, h);
    });
  }

  async anyIntersecting(candidate: IntersectFields, exceptId: string | null) {
    const words = [...new Set(candidate.trigger_words)];
    const urls = [...new Set(candidate.callback_urls)];
    if (words.length === 0 || urls.length === 0) return false;
    // A candidate is checked before it is validated, so its lists may be far longer than a valid
    // hook's: then the URLs are compared here rather than bound into the query.
    const urlsInQuery = urls.length <= KEY_BATCH;
    const wanted = new Set(urls);
    for (let i = 0; i < words.length; i += KEY_BATCH) {
      let q = this.db
        .selectFrom('outgoing_hook_keys')
        .select('callback_url')
        .where('team_id', '=', candidate.team_id)
        .where('channel_id', '=', candidate.channel_id)
        .where('trigger_word', 'in', words.slice(i, i + KEY_BATCH));
      if (exceptId !== null) q = q.where('hook_id', '<>', exceptId);
      if (urlsInQuery) q = q.where('callback_url', 'in', urls).limit(1);
      const rows = await q.execute();
      if (rows.some((r) => wanted.has(r.callback_url))) return true;
    }
    return false;
  }

  async countInChannel(teamId: string, channelId: string, exceptId: string, atMost: number) {
    const peers = this.db
      .selectFrom('outgoing_hooks')
      .select('id')
      .where('team_id', '=', teamId)
      .where('channel_id', '=', channelId)
      .where('delete_at', '=', 0)
      .where('id', '<>', exceptId)
      .limit(atMost);
    const row = await this.db.selectFrom(peers.as('peers')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
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
