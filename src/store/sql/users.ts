// Users in SQL.
import { sql } from 'kysely';
import type { User, UserWithPassword } from '../../domain/users.js';
import type { Page, UsersStore } from '../store.js';
import type { UsersTable } from '../tables.js';
import type { Executor } from './executor.js';
import { fromFlag, parseJson, toFlag } from './json-columns.js';

function toUser(row: UsersTable): User {
  const { password_hash: _omitted, ...rest } = row;
  return { ...rest, is_bot: fromFlag(row.is_bot), props: parseJson(row.props, {}), notify_props: parseJson(row.notify_props, {}) };
}

export class SqlUsers implements UsersStore {
  constructor(private readonly db: Executor) {}

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
}
