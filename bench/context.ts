// What run.ts hands to each benchmark: output mode, profiling, notes, and baselines shared by
// several benchmarks (measured once per run).

export interface BenchContext {
  /** --json: stdout carries only the final JSON object; notes go to stderr. */
  json: boolean;
  /** --profile DIR: servers are CPU-profiled around the measured phases, profiles saved there. */
  profileDir?: string;
  /** A line explaining a figure (counts, rounds, what was missing); printed with the benchmark. */
  note(line: string): void;
  /** The raw loopback exchange rate of a hook receiver (the limit), measured once per run. */
  loopbackRate(): Promise<number>;
}
