// Runs the compiled test files with Node's own test runner, two files at a time to fit a two-core
// machine. Two tiers: the unit tests beside the code (dist/src: no database, no server process,
// seconds in all) and the end-to-end suites under test/ (each on SQLite and PostgreSQL).
//
//   node scripts/run-tests.mjs                  every test
//   node scripts/run-tests.mjs --unit           only the unit tests beside the code
//   node scripts/run-tests.mjs hooks store      only files whose path contains "hooks" or "store"
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filter = args.filter((a) => a !== '--unit');
const files = (unitOnly ? ['dist/src'] : ['dist/src', 'dist/test'])
  .flatMap((dir) => { try { return collect(dir, []); } catch { return []; } })
  .filter((f) => filter.length === 0 || filter.some((needle) => f.includes(needle)))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
