// Channels: public and private ones inside a team, direct messages between two users, and rosters.
import type { AppContext, Caller } from './context.js';
import { forbidden, invalid, invalidBodyParam, notFound, permissionDenied } from '../domain/errors.js';
import {
  DEFAULT_NOTIFY_PROPS, channelDisplayNameError, channelNameError, directChannelName,
  type Channel, type ChannelMember, type ChannelType,
} from '../domain/channels.js';
import { isValidId } from '../domain/ids.js';
import { isUniqueViolation } from '../store/errors.js';
import type { Page } from '../domain/paging.js';
import { callerIsAdmin, callerIsTeamAdmin, canReadChannel, isTeamMember } from './permissions.js';
import { userNotFound } from './users.js';

export interface NewChannel {
  team_id: string;
  name: string;
  display_name: string;
  type: string;
  purpose?: string;
  header?: string;
}

export const channelNotFound = () => notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.');

export function newChannelRecord(
  ctx: AppContext,
  fields: { team_id: string; type: ChannelType; name: string; display_name: string; creator_id: string; purpose?: string; header?: string },
): Channel {
  const now = ctx.clock.now();
  return {
    id: ctx.newId(), create_at: now, update_at: now, delete_at: 0, team_id: fields.team_id, type: fields.type,
    display_name: fields.display_name, name: fields.name, header: fields.header ?? '', purpose: fields.purpose ?? '',
    last_post_at: 0, last_root_post_at: 0, total_msg_count: 0, total_msg_count_root: 0, creator_id: fields.creator_id,
  };
}

export const joinChannelRecord = (channelId: string, userId: string, roles: string): ChannelMember => ({
  channel_id: channelId, user_id: userId, roles, last_viewed_at: 0, last_update_at: 0, msg_count: 0, mention_count: 0,
  notify_props: { ...DEFAULT_NOTIFY_PROPS },
});

export async function createChannel(ctx: AppContext, caller: Caller, input: NewChannel): Promise<Channel> {
  if (input.type === 'D' || input.type === 'G') {
    throw invalid('api.channel.create_channel.direct_channel.app_error', 'Must use createDirectChannel API service for direct message channel creation.');
  }
  if (input.type !== 'O' && input.type !== 'P') throw invalid('model.channel.is_valid.type.app_error', 'Invalid type.');
  if (!isValidId(input.team_id)) throw invalidBodyParam('team_id');
  if (!(await ctx.store.teams.get(input.team_id))) throw notFound('app.team.get.find.app_error', 'Unable to find the existing team.');
  if (!callerIsAdmin(caller) && !(await isTeamMember(ctx, input.team_id, caller.userId))) throw permissionDenied();
  const problem = channelNameError(input.name) ?? channelDisplayNameError(input.display_name);
  if (problem) throw problem;
  if ((input.purpose ?? '').length > 250) throw invalid('model.channel.is_valid.purpose.app_error', 'Invalid purpose.');
  if ((input.header ?? '').length > 1024) throw invalid('model.channel.is_valid.header.app_error', 'Invalid header.');
  const channel = newChannelRecord(ctx, { ...input, type: input.type, creator_id: caller.userId });
  try {
    await ctx.store.transaction(async (tx) => {
      await tx.channels.insert(channel);
      await tx.channels.upsertMember(joinChannelRecord(channel.id, caller.userId, 'channel_user channel_admin'));
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw invalid('store.sql_channel.save_channel.exists.app_error', 'A channel with that name already exists on the same team.');
    throw e;
  }
  return channel;
}

/** A channel the caller may read, or 404/403. */
export async function getReadableChannel(ctx: AppContext, caller: Caller, id: string): Promise<Channel> {
  const channel = await ctx.store.channels.get(id);
  if (!channel) throw channelNotFound();
  if (!(await canReadChannel(ctx, caller, channel))) throw permissionDenied();
  return channel;
}

export async function getChannelByName(ctx: AppContext, caller: Caller, teamId: string, name: string, includeDeleted: boolean) {
  const channel = await ctx.store.channels.getByName(teamId, name, includeDeleted);
  // Channels the caller cannot read answer as missing, so private names do not leak.
  if (!channel || !(await canReadChannel(ctx, caller, channel))) {
    throw notFound('app.channel.get_by_name.missing.app_error', 'Unable to find the existing channel.');
  }
  return channel;
}

export async function listMyChannels(ctx: AppContext, caller: Caller, teamId: string) {
  return ctx.store.channels.listForUserInTeam(caller.userId, teamId);
}

export async function addChannelMember(ctx: AppContext, caller: Caller, channelId: string, userId: string): Promise<ChannelMember> {
  const channel = await ctx.store.channels.get(channelId);
  if (!channel || channel.delete_at !== 0) throw channelNotFound();
  if (channel.type === 'D' || channel.type === 'G') throw invalid('api.channel.add_user_to_channel.type.app_error', 'Can not add user to this channel type.');
  const admin = callerIsAdmin(caller);
  if (channel.type === 'P') {
    if (!admin && !(await ctx.store.channels.getMember(channelId, caller.userId))) throw permissionDenied();
  } else if (!admin && !(await isTeamMember(ctx, channel.team_id, caller.userId))) {
    throw permissionDenied();
  }
  if (!(await ctx.store.users.get(userId))) throw userNotFound();
  if (!(await isTeamMember(ctx, channel.team_id, userId))) {
    throw forbidden('api.channel.add_user.to.channel.failed.deleted.app_error', 'The user is not a member of the channel\'s team.');
  }
  const existing = await ctx.store.channels.getMember(channelId, userId);
  if (existing) return existing;
  const member = joinChannelRecord(channelId, userId, 'channel_user');
  await ctx.store.channels.upsertMember(member);
  return member;
}

export async function removeChannelMember(ctx: AppContext, caller: Caller, channelId: string, userId: string) {
  const channel = await ctx.store.channels.get(channelId);
  if (!channel) throw channelNotFound();
  if (channel.type === 'D' || channel.type === 'G') throw invalid('api.channel.remove_user_from_channel.type.app_error', 'Can not remove user from this channel type.');
  const self = caller.userId === userId;
  const callerMember = await ctx.store.channels.getMember(channelId, caller.userId);
  const mayRemoveOthers = callerIsAdmin(caller) || (channel.type === 'O' ? await isTeamMember(ctx, channel.team_id, caller.userId) : !!callerMember);
  if (!self && !mayRemoveOthers) throw permissionDenied();
  if (!(await ctx.store.channels.getMember(channelId, userId))) {
    throw notFound('app.channel.get_member.missing.app_error', 'No channel member found for that user ID and channel ID.');
  }
  await ctx.store.channels.removeMember(channelId, userId);
}

export async function listChannelMembers(ctx: AppContext, caller: Caller, channelId: string, page: Page) {
  await getReadableChannel(ctx, caller, channelId);
  return ctx.store.channels.listMembers(channelId, page);
}

export async function getChannelMember(ctx: AppContext, caller: Caller, channelId: string, userId: string) {
  await getReadableChannel(ctx, caller, channelId);
  const member = await ctx.store.channels.getMember(channelId, userId);
  if (!member) throw notFound('app.channel.get_member.missing.app_error', 'No channel member found for that user ID and channel ID.');
  return member;
}

/** Finds or creates the direct channel of two users (possibly the same user twice). */
export async function createDirectChannel(ctx: AppContext, caller: Caller, userIds: unknown): Promise<Channel> {
  if (!Array.isArray(userIds) || userIds.length !== 2) throw invalidBodyParam('user_ids');
  if (!userIds.every(isValidId)) throw invalidBodyParam('user_id');
  const [a, b] = userIds as [string, string];
  if (!callerIsAdmin(caller) && caller.userId !== a && caller.userId !== b) throw permissionDenied();
  const users = await ctx.store.users.getMany([...new Set([a, b])]);
  if (users.length !== new Set([a, b]).size) throw userNotFound();
  const name = directChannelName(a, b);
  const existing = await ctx.store.channels.getByName('', name, true);
  if (existing) return existing;
  const channel = newChannelRecord(ctx, { team_id: '', type: 'D', name, display_name: '', creator_id: caller.userId });
  try {
    await ctx.store.transaction(async (tx) => {
      await tx.channels.insert(channel);
      for (const id of new Set([a, b])) await tx.channels.upsertMember(joinChannelRecord(channel.id, id, 'channel_user'));
    });
  } catch (e) {
    // Two simultaneous requests for the same pair: the other one won, use its channel.
    if (isUniqueViolation(e)) {
      const winner = await ctx.store.channels.getByName('', name, true);
      if (winner) return winner;
    }
    throw e;
  }
  return channel;
}

/**
 * Converts a channel between public and private (`PUT /channels/{id}/privacy`). Outgoing webhooks
 * judge a channel's type at the time of each post, so a channel made private stops firing hooks
 * at once, and fires them again when it is made public.
 */
export async function updateChannelPrivacy(ctx: AppContext, caller: Caller, channelId: string, privacy: string): Promise<Channel> {
  if (privacy !== 'O' && privacy !== 'P') throw invalidBodyParam('privacy');
  const channel = await ctx.store.channels.get(channelId);
  if (!channel || channel.delete_at !== 0) throw channelNotFound();
  if (channel.type !== 'O' && channel.type !== 'P') throw invalid('api.channel.update_channel_privacy.invalid_type.app_error', 'Only public and private channels can change their privacy.');
  if (channel.name === 'town-square') {
    throw invalid('api.channel.update_channel_privacy.default_channel_error', 'The default channel cannot be made private.');
  }
  const member = await ctx.store.channels.getMember(channelId, caller.userId);
  const channelAdmin = !!member && member.roles.split(' ').includes('channel_admin');
  if (!channelAdmin && !(await callerIsTeamAdmin(ctx, caller, channel.team_id))) throw permissionDenied();
  if (channel.type === privacy) return channel;
  const updated: Channel = { ...channel, type: privacy, update_at: Math.max(ctx.clock.now(), channel.update_at + 1) };
  await ctx.store.channels.update(updated);
  ctx.logger.info('channel privacy changed', { channel_id: channelId, type: privacy, user_id: caller.userId });
  return updated;
}
