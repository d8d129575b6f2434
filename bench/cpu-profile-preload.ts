// Loaded into the server process (node --import) when the benchmark runs with --profile. Node 20
// refuses --cpu-prof in NODE_OPTIONS, and a whole-process profile would mix set-up with the phase
// under study; so each SIGUSR2 toggles V8's sampling profiler, and a stop writes
// `$SWITCHBOARD_BENCH_PROFILE_DIR/profile-<pid>-<n>.cpuprofile` (openable in Chrome DevTools, or
// summarised with `node dist/bench/profile-summary.js`).
import { Session } from 'node:inspector';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.SWITCHBOARD_BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  let written = 0;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 250 }, () => session.post('Profiler.start')),
      );
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, result) => {
      if (err || !result) return;
      const path = join(dir, `profile-${process.pid}-${++written}.cpuprofile`);
      writeFileSync(`${path}.tmp`, JSON.stringify(result.profile));
      renameSync(`${path}.tmp`, path);
    });
  });
}
