// Teams and team members in SQL.
import type { Team, TeamMember } from '../../domain/teams.js';
import type { TeamsStore } from '../store.js';
import type { Page } from '../../domain/paging.js';
import type { TeamsTable } from '../tables.js';
import type { Executor } from './executor.js';
import { fromFlag, toFlag } from './json-columns.js';

const toTeam = (row: TeamsTable): Team => ({ ...row, allow_open_invite: fromFlag(row.allow_open_invite) });

export class SqlTeams implements TeamsStore {
  constructor(private readonly db: Executor) {}

  async insert(t: Team) {
    await this.db.insertInto('teams').values({ ...t, allow_open_invite: toFlag(t.allow_open_invite) }).execute();
  }

  async get(id: string) {
    const row = await this.db.selectFrom('teams').selectAll().where('id', '=', id).where('delete_at', '=', 0).executeTakeFirst();
    return row ? toTeam(row) : null;
  }

  async getByName(name: string) {
    const row = await this.db.selectFrom('teams').selectAll().where('name', '=', name).where('delete_at', '=', 0).executeTakeFirst();
    return row ? toTeam(row) : null;
  }

  async list(page: Page, openOnly: boolean) {
    let q = this.db.selectFrom('teams').selectAll().where('delete_at', '=', 0);
    if (openOnly) q = q.where('allow_open_invite', '=', 1);
    const rows = await q.orderBy('display_name').orderBy('id').offset(page.offset).limit(page.limit).execute();
    return rows.map(toTeam);
  }

  async count(openOnly: boolean) {
    let q = this.db.selectFrom('teams').where('delete_at', '=', 0);
    if (openOnly) q = q.where('allow_open_invite', '=', 1);
    const row = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async listForUser(userId: string) {
    const rows = await this.db
      .selectFrom('teams')
      .innerJoin('team_members', 'team_members.team_id', 'teams.id')
      .selectAll('teams')
      .where('team_members.user_id', '=', userId)
      .where('team_members.delete_at', '=', 0)
      .where('teams.delete_at', '=', 0)
      .orderBy('teams.display_name')
      .execute();
    return rows.map(toTeam);
  }

  async upsertMember(m: TeamMember, createAt: number) {
    await this.db
      .insertInto('team_members')
      .values({ ...m, create_at: createAt })
      .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ roles: m.roles, delete_at: m.delete_at }))
      .execute();
  }

  async getMember(teamId: string, userId: string) {
    return (
      (await this.db
        .selectFrom('team_members')
        .select(['team_id', 'user_id', 'roles', 'delete_at'])
        .where('team_id', '=', teamId)
        .where('user_id', '=', userId)
        .executeTakeFirst()) ?? null
    );
  }

  async listMembers(teamId: string, page: Page) {
    return this.db
      .selectFrom('team_members')
      .select(['team_id', 'user_id', 'roles', 'delete_at'])
      .where('team_id', '=', teamId)
      .where('delete_at', '=', 0)
      .orderBy('create_at')
      .orderBy('user_id')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
  }
}
