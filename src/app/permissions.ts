// Who may read and write what: the shared membership checks behind teams, channels and posts.
import type { AppContext, Caller } from './context.js';
import { isSystemAdmin } from '../domain/users.js';
import { isTeamAdmin } from '../domain/teams.js';
import type { Channel } from '../domain/channels.js';

export const callerIsAdmin = (caller: Caller) => isSystemAdmin(caller);

export async function isTeamMember(ctx: AppContext, teamId: string, userId: string): Promise<boolean> {
  const member = await ctx.store.teams.getMember(teamId, userId);
  return !!member && member.delete_at === 0;
}

export async function callerIsTeamAdmin(ctx: AppContext, caller: Caller, teamId: string): Promise<boolean> {
  return callerIsAdmin(caller) || isTeamAdmin(await ctx.store.teams.getMember(teamId, caller.userId));
}

/** Members read any channel they belong to; public channels are readable by the whole team. */
export async function canReadChannel(ctx: AppContext, caller: Caller, channel: Channel): Promise<boolean> {
  if (callerIsAdmin(caller)) return true;
  if (await ctx.store.channels.getMember(channel.id, caller.userId)) return true;
  return channel.type === 'O' && (await isTeamMember(ctx, channel.team_id, caller.userId));
}

/** Posting needs channel membership (or system admin), as in Mattermost. */
export async function canPostInChannel(ctx: AppContext, caller: Caller, channel: Channel): Promise<boolean> {
  return callerIsAdmin(caller) || !!(await ctx.store.channels.getMember(channel.id, caller.userId));
}
