// Users in SQL.
import { sql, type Selectable } from 'kysely';
import { isSystemAdmin, type User, type UserWithPassword } from '../../domain/users.js';
import type { Dialect } from '../database.js';
import type { UsersStore } from '../store.js';
import type { Page } from '../../domain/paging.js';
import type { UsersTable } from '../tables.js';
import type { Executor } from './executor.js';
import { fromFlag, parseJson, toFlag } from './json-columns.js';

function toUser(row: Selectable<UsersTable>): User {
  const { password_hash: _secret, failed_attempts: _count, last_failed_attempt_at: _last, ...rest } = row;
  return { ...rest, is_bot: fromFlag(row.is_bot), props: parseJson(row.props, {}), notify_props: parseJson(row.notify_props, {}) };
}

export class SqlUsers implements UsersStore {
  constructor(private readonly db: Executor, private readonly dialect: Dialect) {}

  async insert(u: UserWithPassword) {
    await this.db
      .insertInto('users')
      .values({ ...u, is_bot: toFlag(u.is_bot), props: JSON.stringify(u.props), notify_props: JSON.stringify(u.notify_props) })
      .execute();
  }

  async get(id: string) {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async getMany(ids: string[]) {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
    return rows.map(toUser);
  }

  async getByUsername(username: string) {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async getForLogin(loginId: string) {
    const lower = loginId.toLowerCase();
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb.or([eb('username', '=', lower), eb(sql`lower(email)`, '=', lower)]))
      .executeTakeFirst();
    return row ? { ...toUser(row), password_hash: row.password_hash } : null;
  }

  async getWithPassword(id: string) {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { ...toUser(row), password_hash: row.password_hash } : null;
  }

  async list(page: Page, inTeam?: string) {
    let q = this.db.selectFrom('users').selectAll('users');
    if (inTeam) {
      q = q
        .innerJoin('team_members', 'team_members.user_id', 'users.id')
        .where('team_members.team_id', '=', inTeam)
        .where('team_members.delete_at', '=', 0);
    }
    const rows = await q.orderBy('users.username').offset(page.offset).limit(page.limit).execute();
    return rows.map(toUser);
  }

  async count() {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countLoginAttempt(id: string, now: number, lock: { maxAttempts: number; lockoutMs: number }) {
    // One statement decides and counts, so on PostgreSQL simultaneous attempts queue on the row and
    // each sees the count the one before it left.
    const forgotten = lock.lockoutMs > 0 ? sql<boolean>`last_failed_attempt_at <= ${now - lock.lockoutMs}` : null;
    const result = await this.db
      .updateTable('users')
      .set({
        failed_attempts: forgotten ? sql<number>`case when ${forgotten} then 1 else failed_attempts + 1 end` : sql<number>`failed_attempts + 1`,
        last_failed_attempt_at: now,
      })
      .where('id', '=', id)
      .where((eb) => (forgotten ? eb.or([eb('failed_attempts', '<', lock.maxAttempts), forgotten]) : eb('failed_attempts', '<', lock.maxAttempts)))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async clearLoginAttempts(id: string) {
    await this.db.updateTable('users').set({ failed_attempts: 0 }).where('id', '=', id).where('failed_attempts', '!=', 0).execute();
  }

  async setPassword(id: string, passwordHash: string, at: number) {
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, last_password_update: at, update_at: at, failed_attempts: 0 })
      .where('id', '=', id)
      .execute();
  }

  async upgradePasswordHash(id: string, from: string, to: string) {
    await this.db.updateTable('users').set({ password_hash: to }).where('id', '=', id).where('password_hash', '=', from).execute();
  }

  async setDeleteAt(id: string, deleteAt: number, at: number) {
    await this.db.updateTable('users').set({ delete_at: deleteAt, update_at: at }).where('id', '=', id).execute();
  }

  async setRoles(id: string, roles: string, at: number) {
    await this.db.updateTable('users').set({ roles, update_at: at }).where('id', '=', id).execute();
  }

  async listDeactivatedIds() {
    const rows = await this.db.selectFrom('users').select('id').where('delete_at', '!=', 0).execute();
    return rows.map((r) => r.id);
  }

  async activeSystemAdminIds() {
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'roles'])
      .where('delete_at', '=', 0)
      .where('roles', 'like', '%system_admin%')
      .execute();
    return rows.filter(isSystemAdmin).map((r) => r.id);
  }

  async lockAdminChanges() {
    // SQLite runs one transaction at a time, which is lock enough; PostgreSQL needs a real one.
    if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('users:system_admins'))`.execute(this.db);
  }
}
