// Summarises a server CPU profile written by `npm run bench -- <name> --profile DIR`:
//   node dist/bench/profile-summary.js DIR/sqlite-end-to-end.cpuprofile [--top N]
// prints how busy the server was, self time by area (a package, a folder of src/, node internals,
// GC), the hottest functions, the time under Switchboard's own functions, and, from the .sql.json
// beside it, the SQL statements of the window (per post when the .meta.json says how many).
import { existsSync, readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Which part of the program a frame belongs to. */
export function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (SPECIAL.has(functionName)) return functionName;
  if (url === '') return `(native) ${functionName || 'anonymous'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/(src|bench|test)\/(.*)$/.exec(url);
  if (own) {
    const parts = own[2].split('/');
    return `${own[1]}/${parts.length > 1 ? parts.slice(0, -1).join('/') : parts[0]}`;
  }
  const internal = /^node:(?:internal\/)?([^/]+)/.exec(url);
  if (internal) return `node:${internal[1]}`;
  return url;
}

const shortUrl = (url: string) => url.replace(/^.*\/node_modules\//, '').replace(/^.*\/dist\//, '').replace(/^file:\/\//, '');
const frameName = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`;

export function summarise(path: string, top = 25): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<number, number>();
  // timeDeltas[i] is the time since sample i-1: it belongs to the sample before it.
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + ms);
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  let idle = 0;
  let gc = 0;
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusiveOwn = new Map<string, number>();
  const inclusiveArea = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') idle += ms;
    if (node.callFrame.functionName === '(garbage collector)') gc += ms;
    const area = areaOf(node.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const name = frameName(node.callFrame);
    functions.set(name, (functions.get(name) ?? 0) + ms);
    // Everything on the stack gets the time once, however often it recurs.
    const seenOwn = new Set<string>();
    const seenArea = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const a = areaOf(frame);
      if (!seenArea.has(a)) {
        seenArea.add(a);
        inclusiveArea.set(a, (inclusiveArea.get(a) ?? 0) + ms);
      }
      if (/\/dist\/src\//.test(frame.url)) {
        const f = frameName(frame);
        if (!seenOwn.has(f)) {
          seenOwn.add(f);
          inclusiveOwn.set(f, (inclusiveOwn.get(f) ?? 0) + ms);
        }
      }
    }
  }
  const busy = totalMs - idle;
  const pct = (ms: number, of = busy) => `${((100 * ms) / of).toFixed(1).padStart(5)} %`;
  const perPost = (ms: number) => (cpuUsPerPost === null ? '' : `${((cpuUsPerPost * ms) / busy).toFixed(0).padStart(6)} µs/post`);
  const rows = (m: Map<string, number>, n: number, of = busy) =>
    [...m].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => `  ${ms.toFixed(0).padStart(7)} ms ${pct(ms, of)} ${perPost(ms)}  ${k}`);

  const metaPath = path.replace(/\.cpuprofile$/, '.meta.json');
  const meta = existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, 'utf8')) as { posts?: number; what?: string; cpuMsPerPost?: number }) : {};
  const posts = meta.posts ?? 0;
  // The profiler's clock is wall time: on a busy machine a descheduled server still "spends" it. The
  // CPU time the kernel counted (cpuMsPerPost) spread in the same proportions gives µs of CPU per post.
  const cpuUsPerPost = meta.cpuMsPerPost !== undefined ? meta.cpuMsPerPost * 1000 : null;
  const out: string[] = [];
  out.push(`${path}${meta.what ? ` — ${meta.what}` : ''}${posts ? `, ${posts} posts` : ''}`);
  out.push(`window ${totalMs.toFixed(0)} ms; busy ${busy.toFixed(0)} ms (${((100 * busy) / totalMs).toFixed(0)} % of the wall time), GC ${gc.toFixed(0)} ms${posts ? `; busy per post ${((busy * 1000) / posts).toFixed(0)} µs` : ''}${cpuUsPerPost === null ? '' : `; CPU per post (kernel count) ${cpuUsPerPost.toFixed(0)} µs`}`);
  out.push('', 'self time by area (% of busy time):', ...rows(areas, 18));
  out.push('', 'time with the area anywhere on the stack:', ...rows(inclusiveArea, 18));
  out.push('', `hottest functions (self):`, ...rows(functions, top));
  out.push('', `Switchboard functions on the stack (synchronous slices only: time awaited elsewhere is not theirs):`, ...rows(inclusiveOwn, top));

  const sqlPath = path.replace(/\.cpuprofile$/, '.sql.json');
  if (existsSync(sqlPath)) {
    const { statements: sql, eventLoopDelayMs: delay } = JSON.parse(readFileSync(sqlPath, 'utf8')) as {
      statements: Array<{ statement: string; count: number; ms: number; maxMs: number }>;
      eventLoopDelayMs: { p50: number; p99: number; max: number };
    };
    out.push('', `event loop delay (5 ms resolution): p50 ${delay.p50} ms, p99 ${delay.p99} ms, max ${delay.max} ms`);
    const executed = sql.filter((s) => !s.statement.startsWith('prepare '));
    const count = executed.reduce((n, s) => n + s.count, 0);
    const ms = sql.reduce((n, s) => n + s.ms, 0);
    out.push('', `SQL: ${count} statements${posts ? ` (${(count / posts).toFixed(1)} per post)` : ''}, ${ms.toFixed(0)} ms in the driver${sql.some((s) => s.statement.startsWith('pg ')) ? ' (PostgreSQL: round trips, overlapping)' : ` (${pct(ms)} of busy)`}`);
    out.push('  count' + (posts ? ' /post' : '') + '      ms   µs each   max ms  statement');
    for (const s of sql.slice(0, top)) {
      out.push(`  ${String(s.count).padStart(5)}${posts ? (s.count / posts).toFixed(2).padStart(6) : ''} ${s.ms.toFixed(0).padStart(7)} ${((1000 * s.ms) / s.count).toFixed(0).padStart(8)} ${s.maxMs.toFixed(1).padStart(8)}  ${s.statement.replace(/\s+/g, ' ').slice(0, 140)}`);
    }
  }
  return out.join('\n');
}

if (process.argv[1]?.endsWith('profile-summary.js')) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt === -1 ? 25 : Number(args[topAt + 1]);
  const files = args.filter((a, i) => a.endsWith('.cpuprofile') && i !== topAt + 1);
  if (files.length === 0) {
    console.error('usage: node dist/bench/profile-summary.js FILE.cpuprofile [...] [--top N]');
    process.exit(2);
  }
  for (const f of files) console.log(`${summarise(f, top)}\n`);
}
