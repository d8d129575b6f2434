// The delivery log as hook managers see it: list and inspect deliveries, send one again, and send
// a test delivery whose reply is shown in the log instead of being posted.
import type { AppContext, Caller } from '../context.js';
import { invalid, invalidParam, notFound } from '../../domain/errors.js';
import { DELIVERY_STATES, type Delivery, type DeliveryState } from '../../domain/delivery/delivery.js';
import type { PayloadSnapshot } from '../../domain/outgoing-hooks/payload.js';
import { isValidId } from '../../domain/ids.js';
import { destinationOf } from '../../domain/delivery/destination.js';
import type { Page } from '../../domain/paging.js';
import { getManagedHook } from './management.js';
import { checkSendable } from './send-rules.js';

const deliveryNotFound = () => notFound('app.webhooks.get_delivery.app_error', 'Unable to find the delivery.');

export function parseStateFilter(state: string | undefined): DeliveryState | undefined {
  if (state === undefined || state === '') return undefined;
  if (!(DELIVERY_STATES as readonly string[]).includes(state)) throw invalidParam('state');
  return state as DeliveryState;
}

export async function listDeliveries(ctx: AppContext, caller: Caller, hookId: string, state: DeliveryState | undefined, page: Page) {
  await getManagedHook(ctx, caller, hookId);
  return ctx.store.deliveries.listForHook(hookId, state, page);
}

async function managedDelivery(ctx: AppContext, caller: Caller, hookId: string, deliveryId: string): Promise<Delivery> {
  await getManagedHook(ctx, caller, hookId);
  const d = isValidId(deliveryId) ? await ctx.store.deliveries.get(deliveryId) : null;
  if (!d || d.hook_id !== hookId) throw deliveryNotFound();
  return d;
}

export async function getDelivery(ctx: AppContext, caller: Caller, hookId: string, deliveryId: string) {
  const delivery = await managedDelivery(ctx, caller, hookId, deliveryId);
  return { delivery, attempts: await ctx.store.deliveries.attempts(deliveryId) };
}

/**
 * Queues the same delivery (same id, so receivers can de-duplicate) for another attempt now. It sends
 * what it sent before: the payload kept when it was first queued. One the worker would only cancel
 * (post deleted, channel no longer public, URL removed, hook disabled) is refused here instead.
 */
export async function redeliver(ctx: AppContext, caller: Caller, hookId: string, deliveryId: string, wake: () => void) {
  const d = await managedDelivery(ctx, caller, hookId, deliveryId);
  if (d.is_test) throw invalidParam('delivery_id', 'test deliveries cannot be sent again; send a new test instead');
  const check = await checkSendable(ctx, await ctx.store.outgoingHooks.get(hookId), d);
  if (check.kind === 'not_sendable') {
    throw invalid(`app.webhooks.redeliver.${check.reason}.app_error`, `This delivery cannot be sent again: ${check.message}.`);
  }
  const now = ctx.clock.now();
  // Due now; if its destination's circuit is open, the worker defers it again.
  const queued: Delivery = { ...d, state: 'pending', next_attempt_at: now, deferred_until: 0, update_at: now };
  await ctx.store.deliveries.update(queued);
  wake();
  return queued;
}

/** Sends a synthetic payload to every callback URL now and returns the logged outcomes. */
export async function sendTestDelivery(ctx: AppContext, caller: Caller, hookId: string, deliverNow: (d: Delivery) => Promise<Delivery>) {
  const hook = await getManagedHook(ctx, caller, hookId);
  const [team, user, channel] = await Promise.all([
    ctx.store.teams.get(hook.team_id),
    ctx.store.users.get(caller.userId),
    hook.channel_id ? ctx.store.channels.get(hook.channel_id) : ctx.store.channels.getByName(hook.team_id, 'town-square', false),
  ]);
  const now = ctx.clock.now();
  const triggerWord = hook.trigger_words[0] ?? '';
  const payload: PayloadSnapshot = {
    team_id: hook.team_id, team_domain: team?.name ?? '', channel_id: channel?.id ?? '', channel_name: channel?.name ?? '',
    timestamp: now, user_id: caller.userId, user_name: user?.username ?? '', post_id: '',
    text: `${triggerWord ? triggerWord + ' ' : ''}This is a test delivery from Switchboard.`, trigger_word: triggerWord, file_ids: '',
  };
  const results: Delivery[] = [];
  for (const [seq, url] of hook.callback_urls.entries()) {
    const d: Delivery = {
      id: ctx.newId(), hook_id: hook.id, post_id: '', callback_url: url, destination: destinationOf(url), trigger_word: triggerWord,
      is_test: true, payload, seq, state: 'pending', attempt_count: 0, create_at: now, update_at: now,
      // Never due for the worker: the test is sent right here.
      next_attempt_at: Number.MAX_SAFE_INTEGER, deferred_until: 0, last_status_code: 0, last_error: '', reply_post_ids: [], reply_error: '',
    };
    await ctx.store.deliveries.insert([d]);
    results.push(await deliverNow(d));
  }
  return Promise.all(results.map(async (delivery) => ({ delivery, attempts: await ctx.store.deliveries.attempts(delivery.id) })));
}
