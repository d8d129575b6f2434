// Readiness: whether this server can do its work right now, which means its database answers.
import type { AppContext } from './context.js';

/** A health probe gets its answer within this time, even while the database hangs. */
export const DATABASE_CHECK_TIMEOUT_MS = 2_000;

export type HealthStatus = 'OK' | 'UNHEALTHY';

/** 'OK' once the database answers a query, 'UNHEALTHY' if it fails or stays silent too long. */
export async function databaseStatus(ctx: AppContext, timeoutMs = DATABASE_CHECK_TIMEOUT_MS): Promise<HealthStatus> {
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  const answered = ctx.store.ping().then(
    () => null,
    (e: unknown) => String((e as Error)?.message ?? e),
  );
  try {
    const problem = await Promise.race([answered, silent]);
    if (problem === null) return 'OK';
    ctx.logger.warn('database health check failed', { error: problem });
    return 'UNHEALTHY';
  } finally {
    clearTimeout(timer);
  }
}
