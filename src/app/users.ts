// Creating and reading users, with Mattermost's sign-up rules (the first user is the admin).
import type { AppContext, Caller } from './context.js';
import { AppError, disabled, forbidden, invalid, invalidBodyParam, notFound, permissionDenied } from '../domain/errors.js';
import { callerIsAdmin, isTeamMember } from './permissions.js';
import { emailError, isSystemAdmin, normalizeUsername, passwordError, usernameError, type User } from '../domain/users.js';
import { hashPassword } from './passwords.js';
import { isUniqueViolation } from '../store/errors.js';
import type { Page } from '../domain/paging.js';
import { isValidId } from '../domain/ids.js';

export interface NewUser {
  username: string;
  email: string;
  password: string;
  first_name?: string;
  last_name?: string;
  nickname?: string;
  locale?: string;
}

export const userNotFound = () => notFound('app.user.missing_account.const', 'Unable to find the user.');

/** Set, in the same transaction as the user, by whoever creates the first user (the admin). */
const FIRST_USER_MARKER = 'FirstUserId';

export async function createUser(ctx: AppContext, caller: Caller | null, input: NewUser): Promise<User> {
  const config = ctx.config.get();
  const firstUser = (await ctx.store.users.count()) === 0;
  const admin = caller !== null && isSystemAdmin(caller);
  if (!firstUser && !admin) {
    if (!config.TeamSettings.EnableUserCreation) {
      throw disabled('api.user.create_user.signup_email_disabled.app_error', 'User sign-up is disabled.');
    }
    if (!config.TeamSettings.EnableOpenServer) {
      throw forbidden('api.user.create_user.no_open_server', 'This server does not allow open signups. Please speak with your Administrator to receive an invitation.');
    }
  }
  const username = normalizeUsername(input.username);
  // Login matches emails case-insensitively, so two spellings of one address must not coexist.
  const email = input.email.trim().toLowerCase();
  const problem =
    usernameError(username) ??
    emailError(email) ??
    passwordError(input.password, config.PasswordSettings.MinimumLength) ??
    fieldLengthError(input);
  if (problem) throw problem;

  const now = ctx.clock.now();
  const user = {
    id: ctx.newId(), create_at: now, update_at: now, delete_at: 0, username, email,
    nickname: input.nickname ?? '', first_name: input.first_name ?? '', last_name: input.last_name ?? '', position: '',
    roles: firstUser ? 'system_admin system_user' : 'system_user', locale: input.locale || 'en',
    is_bot: false, bot_description: '', last_password_update: now, props: {}, notify_props: {},
  };
  const passwordHash = await hashPassword(input.password);
  let lostFirstUserRace = false;
  try {
    await ctx.store.transaction(async (tx) => {
      // Simultaneous sign-ups on an empty server all counted no users. Only the one that claims the
      // marker becomes the admin; on PostgreSQL the others wait here until it commits.
      if (firstUser && (await tx.systems.getOrInsert(FIRST_USER_MARKER, user.id)) !== user.id) {
        lostFirstUserRace = true;
        return;
      }
      await tx.users.insert({ ...user, password_hash: passwordHash });
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    if (await ctx.store.users.getByUsername(username)) {
      throw invalid('app.user.save.username_exists.app_error', 'An account with that username already exists.');
    }
    throw invalid('app.user.save.email_exists.app_error', 'An account with that email already exists.');
  }
  // Someone else is the first user now: this is an ordinary sign-up, with its usual rules.
  if (lostFirstUserRace) return createUser(ctx, caller, input);
  ctx.logger.info('user created', { user_id: user.id, username });
  return user;
}

function fieldLengthError(input: NewUser): AppError | null {
  for (const key of ['first_name', 'last_name', 'nickname'] as const) {
    if ([...(input[key] ?? '')].length > 64) return invalidBodyParam(key);
  }
  if ((input.locale ?? '').length > 5) return invalidBodyParam('locale');
  return null;
}

export async function getUser(ctx: AppContext, id: string): Promise<User> {
  const user = await ctx.store.users.get(id);
  if (!user) throw userNotFound();
  return user;
}

export async function getUserByUsername(ctx: AppContext, username: string): Promise<User> {
  const user = await ctx.store.users.getByUsername(normalizeUsername(username));
  if (!user) throw userNotFound();
  return user;
}

/** Every user, or a team's members: a team's roster is for its members and system admins only. */
export async function listUsers(ctx: AppContext, caller: Caller, page: Page, inTeam?: string): Promise<User[]> {
  if (inTeam && !callerIsAdmin(caller) && !(await isTeamMember(ctx, inTeam, caller.userId))) throw permissionDenied();
  return ctx.store.users.list(page, inTeam);
}

/** At most this many users in one `POST /users/ids`. */
export const MAX_USERS_BY_IDS = 1000;

/** `POST /users/ids`: the users among `ids` that exist (unknown ids are left out), for any logged-in user. */
export async function getUsersByIds(ctx: AppContext, ids: unknown): Promise<User[]> {
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_USERS_BY_IDS || !ids.every(isValidId)) {
    throw invalidBodyParam('user_ids');
  }
  return ctx.store.users.getMany([...new Set(ids as string[])]);
}
