// /api/v4/teams: creating teams, reading them, and their members.
import type { RoutePlugin } from '../route-kit.js';
import { bodyObject, idField, boolField, parsePage, pathHandle, pathId, pathUserId, queryFlag, stringField } from '../request-input.js';
import {
  addTeamMember, createTeam, getTeam, getTeamByName, getTeamMember, listMyTeams, listTeamMembers, listTeams, removeTeamMember,
} from '../../app/teams.js';
import { listMyChannels } from '../../app/channels.js';
import { listChannelMembersForUser } from '../../app/channel-reads.js';
import { presentChannel, presentChannelMember, presentTeam, presentTeamMember } from '../presenters/chat.js';
import { isSystemAdmin } from '../../domain/users.js';
import { invalidBodyParam, permissionDenied } from '../../domain/errors.js';

type Query = Record<string, string | undefined>;

export const teamRoutes: RoutePlugin = async (app, { kit: { ctx, caller } }) => {
  app.post('/teams', async (req, reply) => {
    const who = await caller(req);
    const body = bodyObject(req.body, 'team');
    const team = await createTeam(ctx, who, {
      name: stringField(body, 'name', { required: true }),
      display_name: stringField(body, 'display_name', { required: true }),
      type: stringField(body, 'type') || 'O',
      description: stringField(body, 'description'),
      allow_open_invite: boolField(body, 'allow_open_invite'),
    });
    reply.code(201);
    return presentTeam(team, true);
  });

  app.get('/teams', async (req) => {
    const who = await caller(req);
    const q = req.query as Query;
    const { teams, total } = await listTeams(ctx, who, parsePage(q));
    const presented = teams.map((t) => presentTeam(t, isSystemAdmin(who)));
    return queryFlag(q, 'include_total_count') ? { teams: presented, total_count: await total() } : presented;
  });

  app.get('/teams/:team_id', async (req) => {
    const who = await caller(req);
    return presentTeam(await getTeam(ctx, who, pathId(req.params, 'team_id')), isSystemAdmin(who));
  });

  app.get('/teams/name/:name', async (req) => {
    const who = await caller(req);
    return presentTeam(await getTeamByName(ctx, who, pathHandle(req.params, 'name')), isSystemAdmin(who));
  });

  app.post('/teams/:team_id/members', async (req, reply) => {
    const who = await caller(req);
    const teamId = pathId(req.params, 'team_id');
    const body = bodyObject(req.body, 'team_member');
    const userId = idField(body, 'user_id');
    const bodyTeam = stringField(body, 'team_id');
    if (bodyTeam && bodyTeam !== teamId) throw invalidBodyParam('team_id');
    reply.code(201);
    return presentTeamMember(await addTeamMember(ctx, who, teamId, userId));
  });

  app.get('/teams/:team_id/members', async (req) => {
    const who = await caller(req);
    return (await listTeamMembers(ctx, who, pathId(req.params, 'team_id'), parsePage(req.query as Query))).map(presentTeamMember);
  });

  app.get('/teams/:team_id/members/:user_id', async (req) => {
    const who = await caller(req);
    return presentTeamMember(await getTeamMember(ctx, who, pathId(req.params, 'team_id'), pathUserId(req.params, who.userId)));
  });

  app.delete('/teams/:team_id/members/:user_id', async (req) => {
    const who = await caller(req);
    await removeTeamMember(ctx, who, pathId(req.params, 'team_id'), pathUserId(req.params, who.userId));
    return { status: 'OK' };
  });

  app.get('/users/:user_id/teams', async (req) => {
    const who = await caller(req);
    const userId = pathUserId(req.params, who.userId);
    if (userId !== who.userId && !isSystemAdmin(who)) throw permissionDenied();
    return (await listMyTeams(ctx, { ...who, userId })).map((t) => presentTeam(t, isSystemAdmin(who)));
  });

  app.get('/users/:user_id/teams/:team_id/channels/members', async (req) => {
    const who = await caller(req);
    const userId = pathUserId(req.params, who.userId);
    return (await listChannelMembersForUser(ctx, who, userId, pathId(req.params, 'team_id'))).map(presentChannelMember);
  });

  app.get('/users/:user_id/teams/:team_id/channels', async (req) => {
    const who = await caller(req);
    const userId = pathUserId(req.params, who.userId);
    if (userId !== who.userId && !isSystemAdmin(who)) throw permissionDenied();
    return (await listMyChannels(ctx, { ...who, userId }, pathId(req.params, 'team_id'))).map(presentChannel);
  });
};
