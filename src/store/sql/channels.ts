// Channels and channel members in SQL.
import { sql } from 'kysely';
import type { Channel, ChannelMember } from '../../domain/channels.js';
import type { ChannelsStore } from '../store.js';
import type { Page } from '../../domain/paging.js';
import type { ChannelMembersTable } from '../tables.js';
import type { Executor } from './executor.js';
import { parseJson } from './json-columns.js';

const toMember = (row: ChannelMembersTable): ChannelMember => ({ ...row, notify_props: parseJson(row.notify_props, {}) });

export class SqlChannels implements ChannelsStore {
  constructor(private readonly db: Executor) {}

  async insert(c: Channel) {
    await this.db.insertInto('channels').values(c).execute();
  }

  async get(id: string) {
    const row = await this.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
    return row ?? null;
  }

  async getMany(ids: string[]) {
    if (ids.length === 0) return [];
    return this.db.selectFrom('channels').selectAll().where('id', 'in', ids).execute();
  }

  async getByName(teamId: string, name: string, includeDeleted: boolean) {
    let q = this.db.selectFrom('channels').selectAll().where('team_id', '=', teamId).where('name', '=', name);
    if (!includeDeleted) q = q.where('delete_at', '=', 0);
    const row = await q.executeTakeFirst();
    return row ?? null;
  }

  async listForUserInTeam(userId: string, teamId: string) {
    const rows = await this.db
      .selectFrom('channels')
      .innerJoin('channel_members', 'channel_members.channel_id', 'channels.id')
      .selectAll('channels')
      .where('channel_members.user_id', '=', userId)
      .where((eb) => eb.or([eb('channels.team_id', '=', teamId), eb('channels.team_id', '=', '')]))
      .where('channels.delete_at', '=', 0)
      .orderBy('channels.display_name')
      .orderBy('channels.id')
      .execute();
    return rows;
  }

  async update(c: Channel) {
    const { id, ...rest } = c;
    await this.db.updateTable('channels').set(rest).where('id', '=', id).execute();
  }

  async recordPost(channelId: string, createAt: number, isRoot: boolean) {
    await this.db
      .updateTable('channels')
      .set({
        last_post_at: sql`case when last_post_at < ${createAt} then ${createAt} else last_post_at end`,
        total_msg_count: sql`total_msg_count + 1`,
        ...(isRoot
          ? {
              last_root_post_at: sql`case when last_root_post_at < ${createAt} then ${createAt} else last_root_post_at end`,
              total_msg_count_root: sql`total_msg_count_root + 1`,
            }
          : {}),
      })
      .where('id', '=', channelId)
      .execute();
  }

  async upsertMember(m: ChannelMember) {
    const row = { ...m, notify_props: JSON.stringify(m.notify_props) };
    await this.db
      .insertInto('channel_members')
      .values(row)
      .onConflict((oc) => oc.columns(['channel_id', 'user_id']).doUpdateSet({ roles: m.roles }))
      .execute();
  }

  async getMember(channelId: string, userId: string) {
    const row = await this.db
      .selectFrom('channel_members')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? toMember(row) : null;
  }

  async listMembers(channelId: string, page: Page) {
    const rows = await this.db
      .selectFrom('channel_members')
      .selectAll()
      .where('channel_id', '=', channelId)
      .orderBy('user_id')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
    return rows.map(toMember);
  }

  async memberUserIds(channelId: string) {
    const rows = await this.db.selectFrom('channel_members').select('user_id').where('channel_id', '=', channelId).execute();
    return rows.map((r) => r.user_id);
  }

  async removeMember(channelId: string, userId: string) {
    await this.db.deleteFrom('channel_members').where('channel_id', '=', channelId).where('user_id', '=', userId).execute();
  }

  async listMembersForUserInTeam(userId: string, teamId: string) {
    const rows = await this.db
      .selectFrom('channel_members')
      .innerJoin('channels', 'channels.id', 'channel_members.channel_id')
      .selectAll('channel_members')
      .where('channel_members.user_id', '=', userId)
      .where((eb) => eb.or([eb('channels.team_id', '=', teamId), eb('channels.team_id', '=', '')]))
      .where('channels.delete_at', '=', 0)
      .orderBy('channel_members.channel_id')
      .execute();
    return rows.map(toMember);
  }

  async listPublicInTeam(teamId: string, page: Page) {
    return this.db
      .selectFrom('channels')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('type', '=', 'O')
      .where('delete_at', '=', 0)
      .orderBy('display_name')
      .orderBy('id')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
  }

  async markViewed(channelId: string, userId: string, at: number) {
    const result = await this.db
      .updateTable('channel_members')
      .set({
        msg_count: (eb) => eb.selectFrom('channels').select('channels.total_msg_count').where('channels.id', '=', channelId),
        mention_count: 0,
        last_viewed_at: at,
        last_update_at: at,
      })
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async addMentions(channelId: string, userIds: string[], at: number) {
    if (userIds.length === 0) return;
    await this.db
      .updateTable('channel_members')
      .set({ mention_count: sql`mention_count + 1`, last_update_at: at })
      .where('channel_id', '=', channelId)
      .where('user_id', 'in', userIds)
      .execute();
  }
}
