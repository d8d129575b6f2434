// Users: the stored record, the rules for usernames, emails and passwords, and role checks.
import { invalid } from './errors.js';

export interface User {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  username: string;
  email: string;
  nickname: string;
  first_name: string;
  last_name: string;
  position: string;
  roles: string;
  locale: string;
  is_bot: boolean;
  bot_description: string;
  last_password_update: number;
  props: Record<string, string>;
  notify_props: Record<string, string>;
}

export interface UserWithPassword extends User {
  password_hash: string;
}

/** The name the server's own bot takes; reserved, so no person can sign up or be renamed into it. */
export const SYSTEM_BOT_USERNAME = 'switchboard';

const RESERVED_USERNAMES = new Set(['all', 'channel', 'matterbot', 'system', 'here', SYSTEM_BOT_USERNAME]);
const USERNAME = /^[a-z0-9.\-_]+$/;
// Deliberately permissive: one @, no spaces, a dot-free or dotted domain; mail delivery is not our job.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export const normalizeUsername = (u: string) => u.trim().toLowerCase();

export function usernameError(username: string) {
  const ok = username.length >= 1 && username.length <= 64 && USERNAME.test(username) && !RESERVED_USERNAMES.has(username);
  return ok ? null : invalid('model.user.is_valid.username.app_error', 'Username must begin with a letter and contain between 1 and 64 lowercase characters made up of numbers, letters, and the symbols ".", "-", and "_".');
}

export function emailError(email: string) {
  return email.length <= 128 && EMAIL.test(email)
    ? null
    : invalid('model.user.is_valid.email.app_error', 'Invalid email.');
}

export function passwordError(password: string, minimumLength: number) {
  const length = [...password].length;
  if (length < minimumLength || length > 72) {
    return invalid('model.user.is_valid.pwd_length.app_error', `Your password must contain between ${minimumLength} and 72 characters.`);
  }
  return null;
}

export const hasRole = (roles: string, role: string) => roles.split(' ').includes(role);
export const isSystemAdmin = (user: Pick<User, 'roles'>) => hasRole(user.roles, 'system_admin');
/** A system admin whose account is active: only these can govern the server. */
export const isActiveSystemAdmin = (user: Pick<User, 'roles' | 'delete_at'>) => user.delete_at === 0 && isSystemAdmin(user);

/** The system roles Switchboard knows; every person holds system_user. */
const SYSTEM_ROLES = ['system_user', 'system_admin'] as const;
const ROLE_NAME = /^[a-z0-9_]{1,64}$/;

export type ParsedRoles = { kind: 'ok'; roles: string } | { kind: 'malformed' } | { kind: 'unknown'; role: string };

/**
 * Reads a roles field ("system_user system_admin") as Mattermost does: well-formed role names
 * separated by spaces, never system_admin alone; each must be a role Switchboard has, and
 * system_user must be among them. The result lists each role once, in a fixed order.
 */
export function parseSystemRoles(input: string): ParsedRoles {
  const names = [...new Set(input.trim().split(/\s+/).filter(Boolean))];
  if (!names.every((n) => ROLE_NAME.test(n)) || (names.length === 1 && names[0] === 'system_admin')) return { kind: 'malformed' };
  const unknown = names.find((n) => !(SYSTEM_ROLES as readonly string[]).includes(n));
  if (unknown) return { kind: 'unknown', role: unknown };
  if (!names.includes('system_user')) return { kind: 'malformed' };
  return { kind: 'ok', roles: SYSTEM_ROLES.filter((r) => names.includes(r)).join(' ') };
}
