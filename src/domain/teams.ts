// Teams and team membership: stored shapes and the team-name rules.
import { invalid } from './errors.js';
import { hasRole } from './users.js';

export interface Team {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  display_name: string;
  name: string;
  description: string;
  email: string;
  type: 'O' | 'I';
  company_name: string;
  allowed_domains: string;
  invite_id: string;
  allow_open_invite: boolean;
}

export interface TeamMember {
  team_id: string;
  user_id: string;
  roles: string;
  delete_at: number;
}

const TEAM_NAME = /^[a-z0-9]+([a-z\-0-9]+|(__)?)[a-z0-9]+$/;
const RESERVED_PREFIXES = ['admin', 'api', 'channel', 'claim', 'error', 'files', 'help', 'landing', 'login', 'mfa', 'oauth', 'plug', 'plugins', 'post', 'signup'];

export function teamNameError(name: string) {
  if (name.length < 2 || name.length > 64 || !TEAM_NAME.test(name)) {
    return invalid('model.team.is_valid.characters.app_error', 'Name must be 2 or more lowercase alphanumeric characters.');
  }
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p))) {
    return invalid('model.team.is_valid.reserved.app_error', 'This URL is unavailable. Please try another.');
  }
  return null;
}

export function teamDisplayNameError(displayName: string) {
  const length = [...displayName].length;
  return length === 0 || length > 64
    ? invalid('model.team.is_valid.name.app_error', 'Display name must be between 1 and 64 characters.')
    : null;
}

export const isTeamAdmin = (member: TeamMember | null | undefined) =>
  !!member && member.delete_at === 0 && hasRole(member.roles, 'team_admin');
