// Who may manage outgoing hooks in a team (spec §6.2 [D-i]): manage-own and manage-others.
import type { AppContext, Caller } from '../context.js';
import { isSystemAdmin } from '../../domain/users.js';
import { isTeamAdmin } from '../../domain/teams.js';
import { permissionDenied } from '../../domain/errors.js';
import { isValidId } from '../../domain/ids.js';

export interface HookAbilities {
  manageOwn: boolean;
  manageOthers: boolean;
}

export async function hookAbilities(ctx: AppContext, caller: Caller, teamId: string): Promise<HookAbilities> {
  if (isSystemAdmin(caller)) return { manageOwn: true, manageOthers: true };
  if (!isValidId(teamId)) return { manageOwn: false, manageOthers: false };
  const member = await ctx.store.teams.getMember(teamId, caller.userId);
  if (!member || member.delete_at !== 0) return { manageOwn: false, manageOthers: false };
  const admin = isTeamAdmin(member);
  const onlyAdmins = ctx.config.get().ServiceSettings.EnableOnlyAdminIntegrations;
  return { manageOwn: admin || !onlyAdmins, manageOthers: admin };
}

/** manage-own on the team, and manage-others too when the hook is someone else's. */
export async function requireHookManager(ctx: AppContext, caller: Caller, hook: { team_id: string; creator_id: string }) {
  const can = await hookAbilities(ctx, caller, hook.team_id);
  if (!can.manageOwn) throw permissionDenied();
  if (hook.creator_id !== caller.userId && !can.manageOthers) throw permissionDenied();
}
