// A small timing harness for the benchmarks: calibrated rounds, warm-up, median per-operation time.
// It runs competing cases round by round in turn, so drift of a busy machine hits them alike.

export interface BenchCase {
  name: string;
  /** Runs one operation; returns something the harness folds into a sink so it cannot be optimised away. */
  op(i: number): number;
}

export interface CaseResult {
  name: string;
  /** Median over the rounds of the time per operation, in nanoseconds. */
  medianNs: number;
  minNs: number;
  maxNs: number;
  opsPerRound: number;
}

export interface MeasureOptions {
  warmupMs: number;
  roundMs: number;
  rounds: number;
}

export const DEFAULT_MEASURE: MeasureOptions = { warmupMs: 300, roundMs: 100, rounds: 15 };

let sink = 0;
/** Keeps results alive; printed by nobody, read so the JIT cannot drop the work. */
export const sinkValue = () => sink;

const nowNs = () => process.hrtime.bigint();

function runFor(c: BenchCase, ops: number, start: number): bigint {
  const t0 = nowNs();
  let acc = 0;
  for (let i = 0; i < ops; i++) acc += c.op(start + i);
  const t1 = nowNs();
  sink = (sink + acc) | 0;
  return t1 - t0;
}

/** How many operations fill about `ms` milliseconds (also serves as warm-up). */
function calibrate(c: BenchCase, ms: number): number {
  let ops = 64;
  for (;;) {
    const elapsedNs = Number(runFor(c, ops, 0));
    if (elapsedNs >= ms * 1e6 || ops > 1e9) return Math.max(1, Math.round((ops * ms * 1e6) / Math.max(elapsedNs, 1)));
    ops *= 2;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function measure(cases: BenchCase[], opts: MeasureOptions = DEFAULT_MEASURE): CaseResult[] {
  const perCase = cases.map((c) => {
    calibrate(c, opts.warmupMs); // warm-up: let the JIT settle before anything is timed
    return { c, ops: calibrate(c, opts.roundMs), samples: [] as number[] };
  });
  for (let round = 0; round < opts.rounds; round++) {
    for (const p of perCase) p.samples.push(Number(runFor(p.c, p.ops, round * p.ops)) / p.ops);
  }
  return perCase.map(({ c, ops, samples }) => ({
    name: c.name, medianNs: median(samples), minNs: Math.min(...samples), maxNs: Math.max(...samples), opsPerRound: ops,
  }));
}

export const formatNs = (ns: number) => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
