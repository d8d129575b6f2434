// Long work in steps. On SQLite every query answers synchronously, so a chain of awaits runs as
// one task and no request is served until the whole chain ends. Work that may be long (turning a
// webhook reply into posts) awaits `nextTurn()` between steps. Turns are handed out one per turn
// of the event loop, first come first served: with many replies in progress at once, each loop
// turn still runs a single step of one of them, then whatever requests arrived meanwhile.

const waiting: Array<() => void> = [];
let scheduled = false;

function releaseOne() {
  const next = waiting.shift();
  if (waiting.length > 0) setImmediate(releaseOne);
  else scheduled = false;
  next?.();
}

/** Resolves on a later turn of the event loop, after pending I/O has been handled. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(releaseOne);
    }
  });
}

/** Runs a pure computation written as steps (a generator that yields between them), one per turn. */
export async function inTurns<T>(steps: Generator<void, T, void>): Promise<T> {
  for (;;) {
    await nextTurn();
    const step = steps.next();
    if (step.done) return step.value;
  }
}
