// When a hook is switched off (spec §11.2): at once on 410 Gone, or after DisableAfterFailures
// consecutive failed deliveries spanning at least DisableAfterHours. Its creator is told by DM.
import type { AppContext } from '../context.js';
import type { StoredHook } from '../../domain/outgoing-hooks/hook.js';
import { sendBotMessage } from '../system-bot.js';

export async function disableHook(ctx: AppContext, hook: StoredHook, reason: string, lastError = '') {
  const current = await ctx.store.outgoingHooks.get(hook.id);
  if (!current || current.disabled_at !== 0) return;
  const now = ctx.clock.now();
  const disabled = { ...current, disabled_at: now, update_at: Math.max(now, current.update_at + 1) };
  await ctx.store.outgoingHooks.update(disabled);
  ctx.events.publish('hook.changed', { hook: disabled });
  ctx.logger.warn('outgoing webhook disabled', { hook_id: hook.id, reason });
  const name = hook.display_name || hook.id;
  const lines = [
    `Your outgoing webhook **${name}** was disabled because ${reason}.`,
    lastError ? `Last error: \`${lastError.replace(/`/g, "'")}\`` : '',
    `Fix the receiver, then enable the webhook again (\`POST /api/v4/hooks/outgoing/${hook.id}/enable\`).`,
  ];
  try {
    await sendBotMessage(ctx, hook.creator_id, lines.filter(Boolean).join('\n\n'));
  } catch (e) {
    ctx.logger.error('could not tell the hook creator that the hook was disabled', { hook_id: hook.id, error: String((e as Error).message) });
  }
}

/** Called after a delivery of `hook` finally failed. */
export async function noteFailure(ctx: AppContext, hook: StoredHook, lastError: string) {
  const { DisableAfterFailures: limit, DisableAfterHours: hours } = ctx.config.get().WebhookSettings;
  // Only failures since the hook last changed count: enabling it again (or fixing its URL) starts
  // the streak over, so one more failure right after re-enabling does not switch it off again.
  const recent = (await ctx.store.deliveries.recentFinished(hook.id, limit)).filter((d) => d.update_at >= hook.update_at);
  if (recent.length < limit || recent.some((d) => d.state !== 'failed')) return;
  const span = recent[0].update_at - recent[recent.length - 1].create_at;
  if (span < hours * 3_600_000) return;
  await disableHook(ctx, hook, `its last ${limit} deliveries failed over ${Math.round(span / 3_600_000)} hours`, lastError);
}
