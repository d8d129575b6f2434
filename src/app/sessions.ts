// Login, logout and token authentication. Tokens are random ids; only their SHA-256 is stored.
import { createHash } from 'node:crypto';
import type { AppContext, Caller } from './context.js';
import { AppError, invalid, sessionExpired } from '../domain/errors.js';
import type { User } from '../domain/users.js';
import { UNMATCHABLE_HASH, verifyPassword } from './passwords.js';
import { checkUserPassword } from './password-check.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface LoginResult {
  user: User;
  token: string;
  csrfToken: string;
  expiresAt: number;
}

const invalidCredentials = () =>
  new AppError('api.user.login.invalid_credentials_email_username', 'unauthorized', 'Enter a valid email or username and/or password.');

export async function login(ctx: AppContext, by: { loginId?: string; id?: string }, password: string): Promise<LoginResult> {
  if (!password) throw invalid('api.user.login.blank_pwd.app_error', 'Password field must not be blank.');
  const found = by.id
    ? await ctx.store.users.getWithPassword(by.id)
    : by.loginId
      ? await ctx.store.users.getForLogin(by.loginId)
      : null;
  if (!found) {
    // A hash of today's cost that nothing matches: an unknown login takes as long as a wrong password.
    await verifyPassword(password, UNMATCHABLE_HASH);
    throw invalidCredentials();
  }
  if (found.is_bot) {
    throw new AppError('api.user.login.bot_login_forbidden.app_error', 'unauthorized', 'Bot accounts cannot log in.');
  }
  if (!(await checkUserPassword(ctx, found, password))) throw invalidCredentials();
  if (found.delete_at !== 0) {
    throw new AppError('api.user.login.inactive.app_error', 'unauthorized', 'Login failed because your account has been deactivated.');
  }
  const now = ctx.clock.now();
  const token = ctx.newId();
  const csrfToken = ctx.newId();
  const expiresAt = now + ctx.config.get().ServiceSettings.SessionLengthWebInHours * 3_600_000;
  await ctx.store.sessions.insert({
    id: ctx.newId(), token_hash: hashToken(token), csrf_token: csrfToken, user_id: found.id,
    create_at: now, expires_at: expiresAt, last_activity_at: now,
  });
  const { password_hash: _secret, ...user } = found;
  return { user, token, csrfToken, expiresAt };
}

export interface Authenticated extends Caller {
  csrfToken: string;
  expiresAt: number;
}

/** Resolves a token to its live session, or throws 401. */
export async function authenticate(ctx: AppContext, token: string): Promise<Authenticated> {
  if (!token || token.length > 64) throw sessionExpired();
  const session = await ctx.store.sessions.getByTokenHash(hashToken(token));
  const now = ctx.clock.now();
  if (!session || session.expires_at <= now) throw sessionExpired();
  const user = await ctx.store.users.get(session.user_id);
  if (!user || user.delete_at !== 0) throw sessionExpired();
  return { userId: user.id, roles: user.roles, sessionId: session.id, csrfToken: session.csrf_token, expiresAt: session.expires_at };
}

export async function logout(ctx: AppContext, token: string | null): Promise<void> {
  if (!token) return;
  const session = await ctx.store.sessions.getByTokenHash(hashToken(token));
  if (!session) return;
  await ctx.store.sessions.delete(session.id);
  // Sockets authenticate once; without this they would keep receiving private events after logout.
  ctx.events.publish('session.revoked', { sessionIds: [session.id] });
}
