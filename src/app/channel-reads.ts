// What each member has read. A channel member's msg_count is how many of the channel's posts they
// have seen (the channel's total_msg_count when they last viewed it), so unread = total - msg_count;
// mention_count counts posts that mentioned them since. Viewing a channel catches both up.
import type { AppContext, Caller } from './context.js';
import { invalidBodyParam, permissionDenied } from '../domain/errors.js';
import { isValidId } from '../domain/ids.js';
import type { Channel, ChannelMember } from '../domain/channels.js';
import type { Post } from '../domain/posts.js';
import type { Page } from '../domain/paging.js';
import { callerIsAdmin, canReadChannel, isTeamMember } from './permissions.js';

/** The caller may act for `userId`: themselves, or anyone for a system admin. */
function requireSelfOrAdmin(caller: Caller, userId: string) {
  if (userId !== caller.userId && !callerIsAdmin(caller)) throw permissionDenied();
}

async function requireTeamView(ctx: AppContext, caller: Caller, teamId: string) {
  if (!callerIsAdmin(caller) && !(await isTeamMember(ctx, teamId, caller.userId))) throw permissionDenied();
}

/** `GET /users/{user_id}/teams/{team_id}/channels/members`: the user's memberships in the team and their direct channels. */
export async function listChannelMembersForUser(ctx: AppContext, caller: Caller, userId: string, teamId: string): Promise<ChannelMember[]> {
  requireSelfOrAdmin(caller, userId);
  await requireTeamView(ctx, caller, teamId);
  return ctx.store.channels.listMembersForUserInTeam(userId, teamId);
}

/** `GET /teams/{team_id}/channels`: the team's public channels, for its members to browse and join. */
export async function listPublicChannels(ctx: AppContext, caller: Caller, teamId: string, page: Page): Promise<Channel[]> {
  await requireTeamView(ctx, caller, teamId);
  return ctx.store.channels.listPublicInTeam(teamId, page);
}

/**
 * `POST /channels/members/{user_id}/view`: the user has read `channelId` (and `prevChannelId`, the
 * one they left, as older clients ask). Returns when each was viewed; a channel the user is not a
 * member of is left out. An empty channel id marks nothing (clients send it when leaving a channel).
 */
export async function viewChannels(
  ctx: AppContext, caller: Caller, userId: string, channelIds: { channelId: string; prevChannelId: string },
): Promise<Record<string, number>> {
  requireSelfOrAdmin(caller, userId);
  const ids = [...new Set([channelIds.channelId, channelIds.prevChannelId].filter((id) => id !== ''))];
  for (const [key, id] of [['channel_id', channelIds.channelId], ['prev_channel_id', channelIds.prevChannelId]] as const) {
    if (id !== '' && !isValidId(id)) throw invalidBodyParam(key);
  }
  const now = ctx.clock.now();
  const times: Record<string, number> = {};
  for (const id of ids) {
    const channel = await ctx.store.channels.get(id);
    if (!channel || !(await canReadChannel(ctx, caller, channel))) throw permissionDenied();
    if (await ctx.store.channels.markViewed(id, userId, now)) times[id] = now;
  }
  return times;
}

/**
 * Counts a new post's mentions on its channel's members: the users it mentions and, in a direct
 * channel, the other person, for whom every message is a mention (as in Mattermost).
 */
export async function countMentions(ctx: AppContext, channel: Channel, post: Post, mentioned: readonly string[], memberIds: readonly string[]) {
  const ids = channel.type === 'D' ? memberIds.filter((id) => id !== post.user_id) : mentioned;
  await ctx.store.channels.addMentions(channel.id, [...new Set(ids)], ctx.clock.now());
}
