// Teams: creation (with its default channels), lookup, and membership.
import type { AppContext, Caller } from './context.js';
import { invalid, notFound, permissionDenied } from '../domain/errors.js';
import { teamDisplayNameError, teamNameError, type Team, type TeamMember } from '../domain/teams.js';
import { isUniqueViolation } from '../store/errors.js';
import type { Page } from '../domain/paging.js';
import type { Store } from '../store/store.js';
import { callerIsAdmin, callerIsTeamAdmin, isTeamMember } from './permissions.js';
import { userNotFound } from './users.js';
import { joinChannelRecord, newChannelRecord } from './channels.js';

export interface NewTeam {
  name: string;
  display_name: string;
  type?: string;
  description?: string;
  allow_open_invite?: boolean;
}

const DEFAULT_CHANNELS = [
  { name: 'town-square', display_name: 'Town Square' },
  { name: 'off-topic', display_name: 'Off-Topic' },
];

export const teamNotFound = () => notFound('app.team.get.find.app_error', 'Unable to find the existing team.');

export async function createTeam(ctx: AppContext, caller: Caller, input: NewTeam): Promise<Team> {
  const name = input.name.trim();
  const type = input.type ?? 'O';
  const problem = teamNameError(name) ?? teamDisplayNameError(input.display_name);
  if (problem) throw problem;
  if (type !== 'O' && type !== 'I') throw invalid('model.team.is_valid.type.app_error', 'Invalid team type.');
  if ((input.description ?? '').length > 255) throw invalid('model.team.is_valid.description.app_error', 'Invalid description.');
  const now = ctx.clock.now();
  const team: Team = {
    id: ctx.newId(), create_at: now, update_at: now, delete_at: 0, display_name: input.display_name, name,
    description: input.description ?? '', email: '', type, company_name: '', allowed_domains: '',
    invite_id: ctx.newId(), allow_open_invite: input.allow_open_invite ?? false,
  };
  try {
    await ctx.store.transaction(async (tx) => {
      await tx.teams.insert(team);
      await tx.teams.upsertMember({ team_id: team.id, user_id: caller.userId, roles: 'team_user team_admin', delete_at: 0 }, now);
      for (const def of DEFAULT_CHANNELS) {
        const channel = newChannelRecord(ctx, { team_id: team.id, type: 'O', creator_id: '', ...def });
        await tx.channels.insert(channel);
        await tx.channels.upsertMember(joinChannelRecord(channel.id, caller.userId, 'channel_user'));
      }
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw invalid('app.team.save.existing.app_error', 'A team with that name already exists.');
    throw e;
  }
  return team;
}

async function readableTeam(ctx: AppContext, caller: Caller, team: Team | null, missing: () => Error): Promise<Team> {
  if (!team) throw missing();
  if (callerIsAdmin(caller) || team.allow_open_invite || (await isTeamMember(ctx, team.id, caller.userId))) return team;
  throw permissionDenied();
}

export const getTeam = async (ctx: AppContext, caller: Caller, id: string) =>
  readableTeam(ctx, caller, await ctx.store.teams.get(id), teamNotFound);

export const getTeamByName = async (ctx: AppContext, caller: Caller, name: string) =>
  readableTeam(ctx, caller, await ctx.store.teams.getByName(name), () =>
    notFound('app.team.get_by_name.missing.app_error', 'Unable to find the existing team.'),
  );

export async function listTeams(ctx: AppContext, caller: Caller, page: Page) {
  const openOnly = !callerIsAdmin(caller);
  return { teams: await ctx.store.teams.list(page, openOnly), total: () => ctx.store.teams.count(openOnly) };
}

export const listMyTeams = (ctx: AppContext, caller: Caller) => ctx.store.teams.listForUser(caller.userId);

/** Adds a user to a team and to its town-square channel; adding an existing member returns it. */
export async function addTeamMember(ctx: AppContext, caller: Caller, teamId: string, userId: string): Promise<TeamMember> {
  const team = await ctx.store.teams.get(teamId);
  if (!team) throw teamNotFound();
  const selfJoinOpen = caller.userId === userId && team.allow_open_invite;
  if (!callerIsAdmin(caller) && !selfJoinOpen && !(await isTeamMember(ctx, teamId, caller.userId))) throw permissionDenied();
  if (!(await ctx.store.users.get(userId))) throw userNotFound();
  const existing = await ctx.store.teams.getMember(teamId, userId);
  if (existing && existing.delete_at === 0) return existing;
  const member: TeamMember = { team_id: teamId, user_id: userId, roles: 'team_user', delete_at: 0 };
  await ctx.store.transaction(async (tx) => {
    await tx.teams.upsertMember(member, ctx.clock.now());
    await joinDefaultChannels(tx, teamId, userId);
  });
  return member;
}

async function joinDefaultChannels(tx: Store, teamId: string, userId: string) {
  for (const def of DEFAULT_CHANNELS) {
    const channel = await tx.channels.getByName(teamId, def.name, false);
    if (channel) await tx.channels.upsertMember(joinChannelRecord(channel.id, userId, 'channel_user'));
  }
}

async function requireTeamReader(ctx: AppContext, caller: Caller, teamId: string) {
  if (!(await ctx.store.teams.get(teamId))) throw teamNotFound();
  if (!callerIsAdmin(caller) && !(await isTeamMember(ctx, teamId, caller.userId))) throw permissionDenied();
}

export async function listTeamMembers(ctx: AppContext, caller: Caller, teamId: string, page: Page) {
  await requireTeamReader(ctx, caller, teamId);
  return ctx.store.teams.listMembers(teamId, page);
}

export async function getTeamMember(ctx: AppContext, caller: Caller, teamId: string, userId: string) {
  await requireTeamReader(ctx, caller, teamId);
  const member = await ctx.store.teams.getMember(teamId, userId);
  if (!member || member.delete_at !== 0) throw notFound('app.team.get_member.missing.app_error', 'No team member found for that user ID and team ID.');
  return member;
}

/** Removes a member (themselves, or anyone for team admins) from the team and its channels' rosters. */
export async function removeTeamMember(ctx: AppContext, caller: Caller, teamId: string, userId: string) {
  if (!(await ctx.store.teams.get(teamId))) throw teamNotFound();
  if (caller.userId !== userId && !(await callerIsTeamAdmin(ctx, caller, teamId))) throw permissionDenied();
  const member = await ctx.store.teams.getMember(teamId, userId);
  if (!member || member.delete_at !== 0) throw notFound('app.team.get_member.missing.app_error', 'No team member found for that user ID and team ID.');
  const now = ctx.clock.now();
  await ctx.store.transaction(async (tx) => {
    await tx.teams.upsertMember({ ...member, delete_at: now }, now);
    for (const channel of await tx.channels.listForUserInTeam(userId, teamId)) {
      if (channel.team_id === teamId) await tx.channels.removeMember(channel.id, userId);
    }
  });
}
