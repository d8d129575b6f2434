// Loaded into every benchmark server process (node --import, through NODE_OPTIONS). If the
// benchmark dies without stopping it (killed, or stopped by its time guard while the server was
// still starting), the server must not live on: once its parent is gone it exits. With --profile it
// also loads the CPU profiler (cpu-profile-preload.ts).
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 500).unref();

if (process.env.SWITCHBOARD_BENCH_PROFILE_DIR) await import('./cpu-profile-preload.js');
