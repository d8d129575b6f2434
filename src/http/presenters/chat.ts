// The wire shapes of users, teams, channels and their members (api-v4-compat §6): the only place
// that knows which extra fields Mattermost clients expect.
import type { User } from '../../domain/users.js';
import type { Team, TeamMember } from '../../domain/teams.js';
import type { Channel, ChannelMember } from '../../domain/channels.js';
import { hasRole } from '../../domain/users.js';

export const presentUser = (u: User) => ({
  id: u.id, create_at: u.create_at, update_at: u.update_at, delete_at: u.delete_at,
  username: u.username, auth_data: '', auth_service: '', email: u.email, email_verified: true,
  nickname: u.nickname, first_name: u.first_name, last_name: u.last_name, position: u.position,
  roles: u.roles, props: u.props, notify_props: u.notify_props, last_password_update: u.last_password_update,
  last_picture_update: 0, locale: u.locale,
  timezone: { useAutomaticTimezone: 'true', automaticTimezone: '', manualTimezone: '' },
  mfa_active: false, is_bot: u.is_bot, bot_description: u.bot_description,
});

export const presentTeam = (t: Team, viewerIsAdmin: boolean) => ({
  id: t.id, create_at: t.create_at, update_at: t.update_at, delete_at: t.delete_at,
  display_name: t.display_name, name: t.name, description: t.description, email: viewerIsAdmin ? t.email : '',
  type: t.type, company_name: t.company_name, allowed_domains: t.allowed_domains, invite_id: t.invite_id,
  allow_open_invite: t.allow_open_invite, scheme_id: '', group_constrained: false,
});

export const presentTeamMember = (m: TeamMember) => {
  const admin = hasRole(m.roles, 'team_admin');
  return {
    team_id: m.team_id, user_id: m.user_id, roles: m.roles, delete_at: m.delete_at,
    scheme_guest: false, scheme_user: true, scheme_admin: admin, explicit_roles: '',
  };
};

export const presentChannel = (c: Channel) => ({
  ...c, scheme_id: null, group_constrained: null, shared: null, props: null, policy_id: null,
});

export const presentChannelMember = (m: ChannelMember) => ({
  channel_id: m.channel_id, user_id: m.user_id, roles: m.roles, last_viewed_at: m.last_viewed_at,
  msg_count: m.msg_count, mention_count: m.mention_count, mention_count_root: 0, urgent_mention_count: 0,
  msg_count_root: 0, notify_props: m.notify_props, last_update_at: m.last_update_at,
  scheme_guest: false, scheme_user: true, scheme_admin: hasRole(m.roles, 'channel_admin'), explicit_roles: '',
});
