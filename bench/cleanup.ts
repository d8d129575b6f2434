// Everything a benchmark starts (server processes, receivers, scratch databases, temp dirs) is
// registered here, so it is undone when the benchmark ends normally, fails, or is stopped by the
// run's time guard.

type Undo = () => Promise<unknown> | unknown;

const pending = new Map<number, { what: string; undo: Undo }>();
let next = 0;
let stopping = false;

/**
 * Throws once the run is being stopped (time guard, signal): a benchmark still running must not
 * start anything new (a server, say) after its resources were cleaned up.
 */
export function assertRunning(): void {
  if (stopping) throw new Error('the benchmark run is stopping');
}

/** Registers an undo step; the returned function runs it now (once) and forgets it. */
export function onCleanup(what: string, undo: Undo): () => Promise<void> {
  assertRunning();
  const key = next++;
  pending.set(key, { what, undo });
  return async () => {
    const entry = pending.get(key);
    if (!entry) return;
    pending.delete(key);
    await entry.undo();
  };
}

/** Runs every registered undo step, newest first, each bounded in time; reports what failed. */
export async function cleanupAll(timeoutMs = 15_000): Promise<void> {
  const entries = [...pending.entries()].reverse();
  pending.clear();
  for (const [, { what, undo }] of entries) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(undo),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms`)), timeoutMs))),
      ]);
    } catch (e) {
      console.error(`cleanup of ${what} failed: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Stops the run: nothing new may start, and everything registered is undone. */
export async function stopEverything(timeoutMs: number): Promise<void> {
  stopping = true;
  // Undo steps that were in flight when stopping began may still register nothing new (see
  // assertRunning), but one may have been added just before: go round until none is left.
  for (let round = 0; round < 3 && pending.size > 0; round++) await cleanupAll(timeoutMs);
}
