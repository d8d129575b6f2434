// Runs every benchmark in turn (`npm run bench`). A benchmark is a module exporting one function
// that prints its own figures; add new ones to BENCHMARKS. Not a test: nothing here pass/fails.
import { replyLoad } from './reply-load.js';
import { triggerMatching } from './trigger-matching.js';

const BENCHMARKS: Array<{ name: string; run(): unknown }> = [
  { name: 'trigger-matching', run: () => triggerMatching() },
  { name: 'reply-load', run: () => replyLoad() },
];

// A guard, not a measurement: the whole run must end by itself well inside a minute.
const LIMIT_MS = 55_000;
const guard = setTimeout(() => {
  console.error(`benchmarks did not finish within ${LIMIT_MS / 1000} s; stopping`);
  process.exit(1);
}, LIMIT_MS);
guard.unref();

const only = process.argv.slice(2);
const started = process.hrtime.bigint();
for (const b of BENCHMARKS) {
  if (only.length > 0 && !only.includes(b.name)) continue;
  await b.run();
  console.log('');
}
console.log(`done in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s (node ${process.version})`);
