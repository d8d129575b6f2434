// Checking a person's password at every door that asks for it (login, changing one's own password).
// The attempt is counted before the hash is computed, so a locked account costs no hashing and
// guesses sent together cannot slip past the limit; a good password clears the count and upgrades
// a hash made at an older cost.
import type { AppContext } from './context.js';
import { AppError } from '../domain/errors.js';
import type { UserWithPassword } from '../domain/users.js';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';

export const accountLocked = () =>
  new AppError(
    'api.user.check_user_login_attempts.too_many.app_error',
    'unauthorized',
    'This account is locked after too many wrong passwords. Try again later, or ask a system admin to set a new password.',
  );

/** True when `password` is the user's. Counts the attempt; throws 401 while the account is locked. */
export async function checkUserPassword(ctx: AppContext, user: UserWithPassword, password: string): Promise<boolean> {
  const { MaximumLoginAttempts: maxAttempts, LoginLockoutMinutes: minutes } = ctx.config.get().ServiceSettings;
  const counted = await ctx.store.users.countLoginAttempt(user.id, ctx.clock.now(), { maxAttempts, lockoutMs: minutes * 60_000 });
  if (!counted) throw accountLocked();
  if (!(await verifyPassword(password, user.password_hash))) return false;
  await ctx.store.users.clearLoginAttempts(user.id);
  if (needsRehash(user.password_hash)) {
    await ctx.store.users.upgradePasswordHash(user.id, user.password_hash, await hashPassword(password));
    ctx.logger.info('password hash upgraded to the current cost', { user_id: user.id });
  }
  return true;
}
