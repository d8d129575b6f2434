// Who may manage outgoing webhooks (the server enforces the same rule; the app only offers what
// the server would allow): with "Restrict managing integrations to Admins" on, team and system
// admins; with it off, every member of the team.
import type { TeamMembership } from '@mattermost/types/teams';
import type { ClientConfig } from '../app/session';

export const isTeamAdmin = (member: TeamMembership | null | undefined) =>
  !!member && (member.roles.split(' ').includes('team_admin') || member.scheme_admin === true);

export function mayManageHooks(config: ClientConfig, systemAdmin: boolean, member: TeamMembership | null | undefined): boolean {
  if (systemAdmin) return true;
  if (!member) return false;
  return config.EnableOnlyAdminIntegrations === 'false' || isTeamAdmin(member);
}

/** Another user's hook needs a team or system admin, whatever the restriction says. */
export const mayManageOthersHooks = (systemAdmin: boolean, member: TeamMembership | null | undefined) => systemAdmin || isTeamAdmin(member);
