// /api/v4/channels: public, private and direct channels and their members.
import type { RoutePlugin } from '../route-kit.js';
import { bodyObject, idField, parsePage, pathHandle, pathId, pathUserId, queryFlag, stringField } from '../request-input.js';
import {
  addChannelMember, createChannel, createDirectChannel, getChannelByName, getChannelMember, getReadableChannel,
  listChannelMembers, removeChannelMember, updateChannelPrivacy,
} from '../../app/channels.js';
import { presentChannel, presentChannelMember } from '../presenters/chat.js';
import { listPublicChannels, viewChannels } from '../../app/channel-reads.js';
import { invalidBodyParam } from '../../domain/errors.js';

type Query = Record<string, string | undefined>;

export const channelRoutes: RoutePlugin = async (app, { kit: { ctx, caller } }) => {
  app.post('/channels', async (req, reply) => {
    const who = await caller(req);
    const body = bodyObject(req.body, 'channel');
    const channel = await createChannel(ctx, who, {
      team_id: stringField(body, 'team_id', { required: true }),
      name: stringField(body, 'name', { required: true }),
      display_name: stringField(body, 'display_name'),
      type: stringField(body, 'type') || 'O',
      purpose: stringField(body, 'purpose'),
      header: stringField(body, 'header'),
    });
    reply.code(201);
    return presentChannel(channel);
  });

  app.post('/channels/direct', async (req, reply) => {
    const who = await caller(req);
    reply.code(201);
    return presentChannel(await createDirectChannel(ctx, who, req.body));
  });

  app.get('/channels/:channel_id', async (req) => {
    const who = await caller(req);
    return presentChannel(await getReadableChannel(ctx, who, pathId(req.params, 'channel_id')));
  });

  app.get('/teams/:team_id/channels/name/:channel_name', async (req) => {
    const who = await caller(req);
    const teamId = pathId(req.params, 'team_id');
    const name = pathHandle(req.params, 'channel_name');
    return presentChannel(await getChannelByName(ctx, who, teamId, name, queryFlag(req.query as Query, 'include_deleted')));
  });

  app.put('/channels/:channel_id/privacy', async (req) => {
    const who = await caller(req);
    const channelId = pathId(req.params, 'channel_id');
    const body = bodyObject(req.body, 'privacy');
    return presentChannel(await updateChannelPrivacy(ctx, who, channelId, stringField(body, 'privacy', { required: true })));
  });

  app.post('/channels/:channel_id/members', async (req, reply) => {
    const who = await caller(req);
    const channelId = pathId(req.params, 'channel_id');
    const body = bodyObject(req.body, 'channel_member');
    const userId = idField(body, 'user_id');
    const bodyChannel = stringField(body, 'channel_id');
    if (bodyChannel && bodyChannel !== channelId) throw invalidBodyParam('channel_id');
    reply.code(201);
    return presentChannelMember(await addChannelMember(ctx, who, channelId, userId));
  });

  app.get('/channels/:channel_id/members', async (req) => {
    const who = await caller(req);
    const members = await listChannelMembers(ctx, who, pathId(req.params, 'channel_id'), parsePage(req.query as Query));
    return members.map(presentChannelMember);
  });

  app.get('/channels/:channel_id/members/:user_id', async (req) => {
    const who = await caller(req);
    return presentChannelMember(await getChannelMember(ctx, who, pathId(req.params, 'channel_id'), pathUserId(req.params, who.userId)));
  });

  app.get('/teams/:team_id/channels', async (req) => {
    const who = await caller(req);
    const channels = await listPublicChannels(ctx, who, pathId(req.params, 'team_id'), parsePage(req.query as Query));
    return channels.map(presentChannel);
  });

  app.post('/channels/members/:user_id/view', async (req) => {
    const who = await caller(req);
    const userId = pathUserId(req.params, who.userId);
    const body = bodyObject(req.body, 'channel_view');
    const times = await viewChannels(ctx, who, userId, {
      channelId: stringField(body, 'channel_id'),
      prevChannelId: stringField(body, 'prev_channel_id'),
    });
    return { status: 'OK', last_viewed_at_times: times };
  });

  app.delete('/channels/:channel_id/members/:user_id', async (req) => {
    const who = await caller(req);
    await removeChannelMember(ctx, who, pathId(req.params, 'channel_id'), pathUserId(req.params, who.userId));
    return { status: 'OK' };
  });
};
