// /api/v4/hooks/outgoing: managing outgoing webhooks (spec §6) and their delivery log.
import type { RoutePlugin } from '../route-kit.js';
import { parsePage, pathId } from '../request-input.js';
import { parseHookInput } from '../../domain/outgoing-hooks/hook.js';
import { isAppError, routeNotFound } from '../../domain/errors.js';
import {
  createHook, deleteHook, enableHook, getManagedHook, listHooks, regenerateToken, rotateSigningSecret, updateHook,
  type HookServices,
} from '../../app/outgoing-hooks/management.js';
import { getDelivery, listDeliveries, parseStateFilter, redeliver, sendTestDelivery } from '../../app/outgoing-hooks/delivery-log.js';
import type { Delivery } from '../../domain/delivery/delivery.js';
import { presentDelivery, presentDeliveryWithAttempts, presentHook } from '../presenters/outgoing-hooks.js';

type Query = Record<string, string | undefined>;

export interface OutgoingHookRouteDeps extends HookServices {
  wake(): void;
  deliverNow(d: Delivery): Promise<Delivery>;
}

// Mattermost's route segment is [A-Za-z0-9]+: anything else (an empty id included, as in
// `/hooks/outgoing/`) is a route miss, 404, while an alphanumeric non-id is a bad parameter, 400 (§6.1).
const ROUTE_SEGMENT = /^[A-Za-z0-9]+$/;
function hookId(params: unknown): string {
  const value = (params as Record<string, string>).hook_id;
  if (typeof value !== 'string' || !ROUTE_SEGMENT.test(value)) throw routeNotFound();
  return pathId(params, 'hook_id');
}

function hookBody(body: unknown) {
  const input = parseHookInput(body);
  if (isAppError(input)) throw input;
  return input;
}

export const outgoingHookRoutes = (deps: OutgoingHookRouteDeps): RoutePlugin => async (app, { kit: { ctx, caller } }) => {
  const base = '/hooks/outgoing';

  app.post(base, async (req, reply) => {
    const who = await caller(req);
    const hook = await createHook(ctx, deps, who, hookBody(req.body));
    reply.code(201);
    return presentHook(hook);
  });

  app.get(base, async (req) => {
    const who = await caller(req);
    const q = req.query as Query;
    // `pageSize` is the legacy name of per_page (spec §6.4).
    const page = parsePage(q, q.per_page === undefined && q.pageSize !== undefined ? 'pageSize' : 'per_page');
    // Mattermost reads both with query.Get, so an empty value is the same as an absent one.
    const hooks = await listHooks(ctx, who, { teamId: q.team_id || undefined, channelId: q.channel_id || undefined }, page);
    return hooks.map(presentHook);
  });

  app.get(`${base}/:hook_id`, async (req) => presentHook(await getManagedHook(ctx, await caller(req), hookId(req.params))));

  app.put(`${base}/:hook_id`, async (req) => {
    const who = await caller(req);
    const id = hookId(req.params);
    return presentHook(await updateHook(ctx, deps, who, id, hookBody(req.body)));
  });

  app.delete(`${base}/:hook_id`, async (req) => {
    await deleteHook(ctx, deps, await caller(req), hookId(req.params));
    return { status: 'OK' };
  });

  app.post(`${base}/:hook_id/regen_token`, async (req) =>
    presentHook(await regenerateToken(ctx, deps, await caller(req), hookId(req.params))),
  );

  app.post(`${base}/:hook_id/rotate_secret`, async (req) =>
    presentHook(await rotateSigningSecret(ctx, deps, await caller(req), hookId(req.params))),
  );

  app.post(`${base}/:hook_id/enable`, async (req) =>
    presentHook(await enableHook(ctx, deps, await caller(req), hookId(req.params))),
  );

  app.get(`${base}/:hook_id/deliveries`, async (req) => {
    const who = await caller(req);
    const q = req.query as Query;
    const list = await listDeliveries(ctx, who, hookId(req.params), parseStateFilter(q.state), parsePage(q));
    return list.map(presentDelivery);
  });

  app.get(`${base}/:hook_id/deliveries/:delivery_id`, async (req) => {
    const who = await caller(req);
    return presentDeliveryWithAttempts(await getDelivery(ctx, who, hookId(req.params), pathId(req.params, 'delivery_id')));
  });

  app.post(`${base}/:hook_id/deliveries/:delivery_id/redeliver`, async (req) => {
    const who = await caller(req);
    return presentDelivery(await redeliver(ctx, who, hookId(req.params), pathId(req.params, 'delivery_id'), deps.wake));
  });

  app.post(`${base}/:hook_id/test`, async (req) => {
    const who = await caller(req);
    const results = await sendTestDelivery(ctx, who, hookId(req.params), deps.deliverNow);
    return results.map(presentDeliveryWithAttempts);
  });
};
