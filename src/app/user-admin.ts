// Governing accounts, with Mattermost's rules and error ids: deactivating and reactivating a user,
// setting a password (one's own with the current one, anyone's as a system admin) and granting or
// removing system admin. The server always keeps an active system admin, and its own bot is off limits.
import type { AppContext, Caller } from './context.js';
import { AppError, forbidden, invalid, invalidBodyParam, permissionDenied } from '../domain/errors.js';
import { hasRole, isActiveSystemAdmin, isSystemAdmin, parseSystemRoles, passwordError, type User } from '../domain/users.js';
import type { Store } from '../store/store.js';
import { userNotFound } from './users.js';
import { hashPassword } from './passwords.js';
import { checkUserPassword } from './password-check.js';
import { isSystemBot, systemBotUntouchable } from './system-bot.js';

const lastAdmin = (operation: string) =>
  invalid(`app.user.${operation}.last_admin.app_error`, 'The server must keep at least one active system admin.');

/** The user an admin acts on: 404 when unknown, 403 when it is the server's own bot. */
async function governedUser(ctx: AppContext, userId: string): Promise<User> {
  const user = await ctx.store.users.get(userId);
  if (!user) throw userNotFound();
  if (await isSystemBot(ctx, user.id)) throw systemBotUntouchable();
  return user;
}

/**
 * Inside a transaction: refuses a change that would take away `userId`'s active system admin role
 * when nobody else holds one. The lock makes two such changes wait for each other, so two admins
 * demoting each other at once cannot both succeed.
 */
async function keepAnAdmin(tx: Store, userId: string, operation: string) {
  await tx.users.lockAdminChanges();
  const current = await tx.users.get(userId);
  if (!current || !isActiveSystemAdmin(current)) return;
  // A deactivated admin governs nothing, so it does not count as one.
  if ((await tx.users.activeSystemAdminIds()).every((id) => id === userId)) throw lastAdmin(operation);
}

/** PUT /users/{id}/active. Deactivation ends every session and websocket of the user at once. */
export async function setUserActive(ctx: AppContext, caller: Caller, userId: string, active: boolean): Promise<void> {
  const selfDeactivation = !active && userId === caller.userId;
  if (!selfDeactivation && !isSystemAdmin(caller)) {
    throw forbidden('api.user.update_active.permissions.app_error', 'You do not have permission to activate or deactivate this account.');
  }
  // Mattermost lets people deactivate themselves only when TeamSettings.EnableUserDeactivation is
  // on; Switchboard has no such setting, so it never does (an admin cannot lock themselves out).
  if (selfDeactivation) {
    throw new AppError('api.user.update_active.not_enable.app_error', 'unauthorized', 'Deactivating your own account is not enabled on this server.');
  }
  const user = await governedUser(ctx, userId);
  if ((user.delete_at === 0) === active) return;
  const now = ctx.clock.now();
  if (active) {
    await ctx.store.users.setDeleteAt(user.id, 0, now);
  } else {
    await ctx.store.transaction(async (tx) => {
      await keepAnAdmin(tx, user.id, 'update_active');
      await tx.users.setDeleteAt(user.id, now, now);
    });
    ctx.events.publish('session.revoked', { sessionIds: await ctx.store.sessions.deleteForUser(user.id) });
  }
  ctx.events.publish('user.active_changed', { userId: user.id, active });
  ctx.logger.info(active ? 'user reactivated' : 'user deactivated', { user_id: user.id, by: caller.userId });
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/**
 * PUT /users/{id}/password. Changing one's own needs the current password, which counts as a login
 * attempt (a stolen session cannot be used to guess it); a system admin sets anyone else's without
 * it. Either way the new one follows the password rules, the failed-login count starts over, and
 * the user's other sessions end.
 */
export async function changePassword(ctx: AppContext, caller: Caller, userId: string, change: PasswordChange): Promise<void> {
  let user: User;
  if (userId === caller.userId) {
    if (!change.currentPassword) throw invalidBodyParam('current_password');
    const self = await ctx.store.users.getWithPassword(userId);
    if (!self) throw userNotFound();
    if (!(await checkUserPassword(ctx, self, change.currentPassword))) {
      throw invalid('api.user.update_password.incorrect.app_error', 'The current password you entered is not right.');
    }
    user = self;
  } else if (isSystemAdmin(caller)) {
    user = await governedUser(ctx, userId);
  } else {
    throw forbidden('api.user.update_password.context.app_error', "You may only change your own password.");
  }
  const problem = passwordError(change.newPassword, ctx.config.get().PasswordSettings.MinimumLength);
  if (problem) throw problem;
  await ctx.store.users.setPassword(user.id, await hashPassword(change.newPassword), ctx.clock.now());
  const keep = user.id === caller.userId ? caller.sessionId : undefined;
  ctx.events.publish('session.revoked', { sessionIds: await ctx.store.sessions.deleteForUser(user.id, keep) });
  ctx.logger.info('password changed', { user_id: user.id, by: caller.userId });
}

/** PUT /users/{id}/roles: "system_user" or "system_user system_admin", by system admins only. */
export async function setUserRoles(ctx: AppContext, caller: Caller, userId: string, roles: string): Promise<void> {
  const parsed = parseSystemRoles(roles);
  if (parsed.kind === 'malformed') throw invalidBodyParam('roles');
  if (!isSystemAdmin(caller)) throw permissionDenied();
  const user = await governedUser(ctx, userId);
  if (parsed.kind === 'unknown') throw invalid('app.role.check_roles_exist.role_not_found', 'That role does not exist.', `role=${parsed.role}`);
  const current = parseSystemRoles(user.roles);
  if (current.kind === 'ok' && current.roles === parsed.roles) return;
  await ctx.store.transaction(async (tx) => {
    if (!hasRole(parsed.roles, 'system_admin')) await keepAnAdmin(tx, user.id, 'update_roles');
    await tx.users.setRoles(user.id, parsed.roles, ctx.clock.now());
  });
  ctx.logger.info('user roles changed', { user_id: user.id, roles: parsed.roles, by: caller.userId });
}
