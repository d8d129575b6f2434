// Managing outgoing hooks through the API (spec §6): create, list, get, update, delete, regenerate
// the token, rotate the signing secret, and enable a disabled hook, each with the spec's order of checks.
import type { AppContext, Caller } from '../context.js';
import { disabled, forbidden, invalid, invalidBodyParam, notFound, permissionDenied } from '../../domain/errors.js';
import { validateHook, type HookInput, type StoredHook } from '../../domain/outgoing-hooks/hook.js';
import { isSystemAdmin } from '../../domain/users.js';
import { isValidId } from '../../domain/ids.js';
import type { Store } from '../../store/store.js';
import type { Page } from '../../domain/paging.js';
import { userNotFound } from '../users.js';
import { hookAbilities, requireHookManager } from './permissions.js';

export interface HookServices {
  newSigningSecret(): string;
  /** How long the previous signing secret keeps being sent after a rotation. */
  rotationGraceMs: number;
}

export const hookNotFound = () => notFound('app.webhooks.get_outgoing.app_error', 'Unable to get the outgoing webhook.');
const featureOff = () => disabled('api.outgoing_webhook.disabled.app_error', 'Outgoing webhooks have been disabled by the system admin.');

function requireEnabled(ctx: AppContext) {
  if (!ctx.config.get().ServiceSettings.EnableOutgoingWebhooks) throw featureOff();
}

/** Channel rules shared by create and update (§6.3 step 6 [D-g]). */
async function checkChannel(ctx: AppContext, input: { channel_id: string; team_id: string }) {
  if (input.channel_id === '') return;
  const channel = isValidId(input.channel_id) ? await ctx.store.channels.get(input.channel_id) : null;
  if (!channel || channel.delete_at !== 0) throw notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.');
  if (channel.type !== 'O') throw forbidden('api.webhook.create_outgoing.not_open.app_error', 'Outgoing webhooks can only be created for public channels.');
  if (channel.team_id !== input.team_id) throw forbidden('api.webhook.create_outgoing.permissions.app_error', 'Invalid permissions to create outgoing webhook.');
}

function requireTrigger(input: { channel_id: string; trigger_words: string[] }) {
  if (input.channel_id === '' && input.trigger_words.length === 0) {
    throw invalid('api.webhook.create_outgoing.triggers.app_error', 'Either trigger_words or channel_id must be set.');
  }
}

type Action = 'create_outgoing' | 'update_outgoing';

/**
 * §6.9, run under the team's hook lock: no other live hook of the team may share the channel, a
 * trigger word and a callback URL. `ownId` is the hook being updated, which cannot conflict with
 * itself; a create has none. An index lookup: its cost does not grow with the team's hooks.
 */
async function checkIntersect(tx: Store, candidate: HookInput, ownId: string | null, action: Action) {
  if (await tx.outgoingHooks.anyIntersecting(candidate, ownId)) {
    throw invalid(`api.webhook.${action}.intersect.app_error`, 'Another outgoing webhook of this team already uses this channel, trigger word and callback URL.');
  }
}

/**
 * WebhookSettings bounds on what one post can fan out to: callback URLs per hook, hooks bound to one
 * channel, and team-wide hooks (they fire in every channel). The hook counts apply when a hook joins
 * its channel (or the team-wide set), so lowering a limit never blocks editing a hook in place. The
 * count stops at the limit, so it costs no more than the limit allows.
 */
async function checkLimits(ctx: AppContext, tx: Store, hook: StoredHook, joins: boolean, action: Action) {
  const limits = ctx.config.get().WebhookSettings;
  if (hook.callback_urls.length > limits.MaxCallbackURLsPerHook) {
    throw invalid(`api.webhook.${action}.too_many_urls.app_error`, `An outgoing webhook can have at most ${limits.MaxCallbackURLsPerHook} callback URLs.`);
  }
  if (!joins) return;
  const teamWide = hook.channel_id === '';
  const limit = teamWide ? limits.MaxTeamWideHooksPerTeam : limits.MaxHooksPerChannel;
  if ((await tx.outgoingHooks.countInChannel(hook.team_id, hook.channel_id, hook.id, limit)) < limit) return;
  if (teamWide) {
    throw invalid(`api.webhook.${action}.too_many_team_hooks.app_error`, `This team already has ${limits.MaxTeamWideHooksPerTeam} outgoing webhooks without a channel, the most allowed.`);
  }
  throw invalid(`api.webhook.${action}.too_many_channel_hooks.app_error`, `This channel already has ${limits.MaxHooksPerChannel} outgoing webhooks, the most allowed.`);
}

export async function createHook(ctx: AppContext, svc: HookServices, caller: Caller, input: HookInput): Promise<StoredHook> {
  const can = await hookAbilities(ctx, caller, input.team_id);
  if (!can.manageOwn) throw permissionDenied();
  let creatorId = caller.userId;
  if (input.creator_id !== '') {
    if (!can.manageOthers) throw permissionDenied();
    if (!isValidId(input.creator_id) || !(await ctx.store.users.get(input.creator_id))) throw userNotFound();
    creatorId = input.creator_id;
  }
  requireEnabled(ctx);
  await checkChannel(ctx, input);
  requireTrigger(input);
  const now = ctx.clock.now();
  const hook: StoredHook = {
    ...input,
    id: ctx.newId(),
    token: input.token || ctx.newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    disabled_at: 0,
    creator_id: creatorId,
    signing_secret: svc.newSigningSecret(),
    previous_signing_secret: '',
    previous_secret_expires_at: 0,
  };
  // The duplicate check and the save share a transaction under the team's hook lock, so two
  // simultaneous creates of the same hook cannot both pass.
  await ctx.store.transaction(async (tx) => {
    await tx.outgoingHooks.lockTeam(input.team_id);
    // A client-supplied id is refused only after this (§6.3 steps 8-9), so it must not exempt a hook here.
    await checkIntersect(tx, input, null, 'create_outgoing');
    if (input.id !== '') throw invalid('app.webhooks.save_outgoing.override.app_error', 'You cannot overwrite an existing outgoing webhook.');
    const problem = validateHook(hook);
    if (problem) throw problem;
    await checkLimits(ctx, tx, hook, true, 'create_outgoing');
    await tx.outgoingHooks.insert(hook);
  });
  ctx.events.publish('hook.changed', { hook });
  ctx.logger.info('outgoing webhook created', { hook_id: hook.id, team_id: hook.team_id, user_id: caller.userId });
  return hook;
}

export interface ListScope {
  teamId?: string;
  channelId?: string;
}

export async function listHooks(ctx: AppContext, caller: Caller, scope: ListScope, page: Page): Promise<StoredHook[]> {
  let teamId: string;
  const filter: { teamId?: string; channelId?: string; creatorId?: string } = {};
  if (scope.channelId !== undefined) {
    const channel = isValidId(scope.channelId) ? await ctx.store.channels.get(scope.channelId) : null;
    if (!channel) throw permissionDenied();
    teamId = channel.team_id;
    filter.channelId = channel.id;
  } else if (scope.teamId !== undefined) {
    if (!isValidId(scope.teamId)) throw permissionDenied();
    teamId = scope.teamId;
    filter.teamId = teamId;
  } else {
    if (!isSystemAdmin(caller)) throw permissionDenied();
    requireEnabled(ctx);
    return ctx.store.outgoingHooks.list({}, page);
  }
  const can = await hookAbilities(ctx, caller, teamId);
  if (!can.manageOwn) throw permissionDenied();
  requireEnabled(ctx);
  if (!can.manageOthers) filter.creatorId = caller.userId;
  return ctx.store.outgoingHooks.list(filter, page);
}

/** A live hook the caller may manage; 400 / 501 / 404 / 403 in the spec's order (§6.5). */
export async function getManagedHook(ctx: AppContext, caller: Caller, id: string): Promise<StoredHook> {
  requireEnabled(ctx);
  const hook = await ctx.store.outgoingHooks.get(id);
  if (!hook) throw hookNotFound();
  await requireHookManager(ctx, caller, hook);
  return hook;
}

export async function updateHook(ctx: AppContext, svc: HookServices, caller: Caller, id: string, input: HookInput): Promise<StoredHook> {
  if (input.id !== id) throw invalidBodyParam('hook_id');
  requireEnabled(ctx);
  const stored = await ctx.store.outgoingHooks.get(id);
  if (!stored) throw hookNotFound();
  const teamId = input.team_id === '' ? stored.team_id : input.team_id;
  if (teamId !== stored.team_id) throw invalid('api.webhook.team_mismatch.app_error', 'The team of an outgoing webhook cannot be changed.');
  await requireHookManager(ctx, caller, stored);
  const candidate = { ...input, team_id: stored.team_id };
  await checkChannel(ctx, candidate);
  requireTrigger(candidate);
  const updated: StoredHook = {
    ...stored,
    channel_id: input.channel_id,
    trigger_words: input.trigger_words,
    trigger_when: input.trigger_when,
    callback_urls: input.callback_urls,
    display_name: input.display_name,
    description: input.description,
    content_type: input.content_type,
    username: input.username,
    icon_url: input.icon_url,
    update_at: Math.max(ctx.clock.now(), stored.update_at + 1),
  };
  await ctx.store.transaction(async (tx) => {
    await tx.outgoingHooks.lockTeam(stored.team_id);
    await checkIntersect(tx, candidate, stored.id, 'update_outgoing');
    const problem = validateHook(updated);
    if (problem) throw problem;
    await checkLimits(ctx, tx, updated, updated.channel_id !== stored.channel_id, 'update_outgoing');
    await tx.outgoingHooks.update(updated);
  });
  ctx.events.publish('hook.changed', { hook: updated });
  return updated;
}

async function changeHook(ctx: AppContext, svc: HookServices, caller: Caller, id: string, change: (h: StoredHook, now: number) => StoredHook) {
  const hook = await getManagedHook(ctx, caller, id);
  const now = Math.max(ctx.clock.now(), hook.update_at + 1);
  const next = change(hook, now);
  await ctx.store.outgoingHooks.update(next);
  ctx.events.publish('hook.changed', { hook: next });
  return next;
}

export const deleteHook = (ctx: AppContext, svc: HookServices, caller: Caller, id: string) =>
  changeHook(ctx, svc, caller, id, (h, now) => ({ ...h, delete_at: now, update_at: now }));

export const regenerateToken = (ctx: AppContext, svc: HookServices, caller: Caller, id: string) =>
  changeHook(ctx, svc, caller, id, (h, now) => ({ ...h, token: ctx.newId(), update_at: now }));

/** The old secret keeps signing beside the new one for the grace period, so receivers can switch over. */
export const rotateSigningSecret = (ctx: AppContext, svc: HookServices, caller: Caller, id: string) =>
  changeHook(ctx, svc, caller, id, (h, now) => ({
    ...h,
    previous_signing_secret: h.signing_secret,
    previous_secret_expires_at: now + svc.rotationGraceMs,
    signing_secret: svc.newSigningSecret(),
    update_at: now,
  }));

export const enableHook = (ctx: AppContext, svc: HookServices, caller: Caller, id: string) =>
  changeHook(ctx, svc, caller, id, (h, now) => ({ ...h, disabled_at: 0, update_at: now }));

/** Secrets in force for signing at `now`: the current one, and the previous one during its grace. */
export function activeSecrets(hook: StoredHook, now: number): string[] {
  const secrets = [hook.signing_secret];
  if (hook.previous_signing_secret && hook.previous_secret_expires_at > now) secrets.push(hook.previous_signing_secret);
  return secrets.filter(Boolean);
}
