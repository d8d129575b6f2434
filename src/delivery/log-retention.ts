// Keeps the delivery log within WebhookSettings.LogRetentionDays and LogMaxPerHook.
import type { AppContext } from '../app/context.js';

export function startLogRetention(ctx: AppContext, everyMs = 3_600_000): () => void {
  const prune = async () => {
    const { LogRetentionDays, LogMaxPerHook } = ctx.config.get().WebhookSettings;
    try {
      const removed = await ctx.store.deliveries.prune(ctx.clock.now() - LogRetentionDays * 86_400_000, LogMaxPerHook);
      if (removed > 0) ctx.logger.info('delivery log pruned', { removed });
    } catch (e) {
      ctx.logger.error('delivery log pruning failed', { error: String((e as Error).message) });
    }
  };
  const first = setTimeout(prune, 10_000);
  const timer = setInterval(prune, everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
