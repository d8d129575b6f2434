// /api/v4/users: sign-up, login and logout, reading users, and governing accounts.
import type { FastifyReply } from 'fastify';
import type { RoutePlugin } from '../route-kit.js';
import { bodyObject, boolField, parsePage, pathId, pathUserId, stringField } from '../request-input.js';
import { createUser, getUser, getUserByUsername, getUsersByIds, listUsers } from '../../app/users.js';
import { login, logout, type LoginResult } from '../../app/sessions.js';
import { LoginThrottle } from '../../app/login-throttle.js';
import { changePassword, setUserActive, setUserRoles } from '../../app/user-admin.js';
import { presentUser } from '../presenters/chat.js';
import { findToken } from '../authentication.js';
import { invalidBodyParam } from '../../domain/errors.js';
import { isValidId } from '../../domain/ids.js';

type Query = Record<string, string | undefined>;

function setLoginCookies(reply: FastifyReply, result: LoginResult, secure: boolean) {
  const maxAge = Math.max(0, Math.floor((result.expiresAt - Date.now()) / 1000));
  const flags = `Path=/; Max-Age=${maxAge}; SameSite=Lax${secure ? '; Secure' : ''}`;
  reply.header('Set-Cookie', [
    `MMAUTHTOKEN=${result.token}; ${flags}; HttpOnly`,
    `MMUSERID=${result.user.id}; ${flags}`,
    `MMCSRF=${result.csrfToken}; ${flags}`,
  ]);
}

const expiredCookies = ['MMAUTHTOKEN', 'MMUSERID', 'MMCSRF'].map((n) => `${n}=; Path=/; Max-Age=0; SameSite=Lax`);

const OK = { status: 'OK' };

export const userRoutes: RoutePlugin = async (app, { kit: { ctx, caller, optionalCaller } }) => {
  const throttle = new LoginThrottle(ctx);

  app.post('/users', async (req, reply) => {
    const body = bodyObject(req.body, 'user');
    const user = await createUser(ctx, await optionalCaller(req), {
      username: stringField(body, 'username', { required: true }),
      email: stringField(body, 'email', { required: true }),
      password: stringField(body, 'password', { required: true }),
      first_name: stringField(body, 'first_name'),
      last_name: stringField(body, 'last_name'),
      nickname: stringField(body, 'nickname'),
      locale: stringField(body, 'locale'),
    });
    reply.code(201);
    return presentUser(user);
  });

  app.post('/users/login', async (req, reply) => {
    throttle.check(req.ip);
    const body = bodyObject(req.body, 'login');
    const id = stringField(body, 'id');
    const loginId = stringField(body, 'login_id');
    if (!id && !loginId) throw invalidBodyParam('login_id');
    if (id && !isValidId(id)) throw invalidBodyParam('id');
    const result = await login(ctx, id ? { id } : { loginId }, stringField(body, 'password'));
    reply.header('Token', result.token);
    setLoginCookies(reply, result, ctx.config.get().ServiceSettings.SiteURL.startsWith('https:'));
    return presentUser(result.user);
  });

  app.post('/users/logout', async (req, reply) => {
    await logout(ctx, findToken(req.headers, req.query as Query)?.token ?? null);
    reply.header('Set-Cookie', expiredCookies);
    return OK;
  });

  app.put('/users/:user_id/active', async (req) => {
    const who = await caller(req);
    const userId = pathUserId(req.params, who.userId);
    const active = boolField(bodyObject(req.body, 'active'), 'active');
    if (active === undefined) throw invalidBodyParam('active');
    await setUserActive(ctx, who, userId, active);
    return OK;
  });

  app.put('/users/:user_id/password', async (req) => {
    const who = await caller(req);
    const userId = pathUserId(req.params, who.userId);
    const body = bodyObject(req.body, 'new_password');
    await changePassword(ctx, who, userId, {
      currentPassword: stringField(body, 'current_password'),
      newPassword: stringField(body, 'new_password'),
    });
    return OK;
  });

  app.put('/users/:user_id/roles', async (req) => {
    const who = await caller(req);
    const userId = pathUserId(req.params, who.userId);
    await setUserRoles(ctx, who, userId, stringField(bodyObject(req.body, 'roles'), 'roles', { max: 256 }));
    return OK;
  });

  app.post('/users/ids', async (req) => {
    await caller(req);
    return (await getUsersByIds(ctx, req.body)).map(presentUser);
  });

  app.get('/users/me', async (req) => presentUser(await getUser(ctx, (await caller(req)).userId)));

  app.get('/users', async (req) => {
    const who = await caller(req);
    const q = req.query as Query;
    if (q.in_team !== undefined && !isValidId(q.in_team)) throw invalidBodyParam('in_team');
    return (await listUsers(ctx, who, parsePage(q), q.in_team)).map(presentUser);
  });

  app.get('/users/:user_id', async (req) => {
    await caller(req);
    return presentUser(await getUser(ctx, pathId(req.params, 'user_id')));
  });

  app.get('/users/username/:username', async (req) => {
    await caller(req);
    const { username } = req.params as { username: string };
    if (!/^[A-Za-z0-9.\-_]{1,64}$/.test(username)) throw invalidBodyParam('username');
    return presentUser(await getUserByUsername(ctx, username));
  });
};
