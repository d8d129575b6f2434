// The layer rules, checked on every import in src/. Each layer of the server may import only the
// layers listed for it; only the layers marked `anyPackage` may use packages (npm or node:) beyond
// the test tools. The few exceptions name the file, what it may import and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Layer {
  name: string;
  /** Files of the layer: a folder ends with "/"; a file belongs to the longest path that holds it. */
  paths: string[];
  /** The layers its code may import (its own included when listed). */
  mayImport: string[];
  /** Whether it may use any package; otherwise none besides the test tools in its tests. */
  anyPackage: boolean;
  /** Its files are all tests (the test tools and test/support are theirs too), not only `*.test.ts`. */
  tests?: true;
}

const LAYERS: Layer[] = [
  // Pure rules and records: no I/O, no clock, no randomness (both are passed in).
  { name: 'domain', paths: ['src/domain/'], mayImport: ['domain'], anyPackage: false },
  // Use cases, through ports; they never know how the store or the outside world is built.
  { name: 'app', paths: ['src/app/'], mayImport: ['app', 'domain', 'store port', 'config', 'version'], anyPackage: false },
  // The storage port: interfaces and the store's own errors.
  { name: 'store port', paths: ['src/store/store.ts', 'src/store/errors.ts'], mayImport: ['domain', 'store port'], anyPackage: false },
  // Its one implementation, Kysely over SQLite and PostgreSQL, with the schema and its migrations.
  {
    name: 'store sql',
    paths: ['src/store/sql/', 'src/store/database.ts', 'src/store/tables.ts', 'src/store/migrations/'],
    mayImport: ['store sql', 'store port', 'domain'],
    anyPackage: true,
  },
  // The contract every store implementation passes, written against the port only.
  { name: 'store contract', paths: ['src/store/contract/'], mayImport: ['store contract', 'store port', 'domain', 'adapters'], anyPackage: false, tests: true },
  // Thin HTTP handlers over the app; they never reach past the app into the store's implementation.
  { name: 'http', paths: ['src/http/'], mayImport: ['http', 'app', 'domain', 'config', 'version'], anyPackage: true },
  { name: 'realtime', paths: ['src/realtime/'], mayImport: ['realtime', 'domain'], anyPackage: true },
  { name: 'delivery', paths: ['src/delivery/'], mayImport: ['delivery', 'app', 'domain'], anyPackage: true },
  // Implementations of the app's ports (ids, log, metrics, outgoing HTTP, websocket events).
  { name: 'adapters', paths: ['src/adapters/'], mayImport: ['adapters', 'app', 'domain', 'store port', 'realtime'], anyPackage: true },
  { name: 'config', paths: ['src/config/'], mayImport: ['config', 'domain'], anyPackage: true },
  { name: 'version', paths: ['src/version.ts'], mayImport: [], anyPackage: false },
  // Each feature's wiring (its routes, worker, adapters and subscriptions), for the composition root.
  {
    name: 'features',
    paths: ['src/features/'],
    mayImport: ['features', 'app', 'domain', 'store port', 'config', 'version', 'http', 'realtime', 'delivery', 'adapters'],
    anyPackage: true,
  },
  // The composition root wires everything together.
  { name: 'composition root', paths: ['src/server.ts', 'src/main.ts'], mayImport: ['*'], anyPackage: true },
];

/** What tests beside the code may use on top of their layer's rules. */
const TEST_TOOLS = ['node:test', 'node:assert/strict', 'node:assert'];
const TEST_SUPPORT = 'test/support/';

interface Exception {
  file: string;
  /** A package name, or a repository path without its extension. */
  imports: string;
  why: string;
}

const EXCEPTIONS: Exception[] = [
  { file: 'src/domain/delivery/signature.ts', imports: 'node:crypto', why: 'HMAC-SHA256 is a pure function of its inputs, and Node has no other' },
  { file: 'src/domain/net/ip-address.ts', imports: 'node:net', why: 'isIP, SocketAddress and BlockList parse and compare addresses without opening a socket' },
  { file: 'src/domain/delivery/signature.test.ts', imports: 'standardwebhooks', why: "signatures are checked against the Standard Webhooks reference library" },
  { file: 'src/app/passwords.ts', imports: 'node:crypto', why: 'scrypt, salts and constant-time comparison of password hashes' },
  { file: 'src/app/sessions.ts', imports: 'node:crypto', why: 'only the SHA-256 of a login token is stored and looked up' },
  { file: 'src/http/build-server.ts', imports: 'src/adapters/logger', why: "Fastify's request log is the server's one pino log" },
];

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** This checker is no layer of the server, and its examples below would read as imports. */
const CHECKER = 'src/layers.test.ts';

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(REPO, dir))) {
    const path = posix.join(dir, name);
    if (statSync(join(REPO, path)).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Comments out of the way (roughly: enough that a comment is never read as an import). */
const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** Every module a file names in an import or export, static or dynamic. */
function importsOf(source: string): string[] {
  const found = new Set<string>();
  for (const m of withoutComments(source).matchAll(/(?:\bfrom|^\s*import|\bimport\s*\()\s*['"]([^'"]+)['"]/gm)) found.add(m[1]);
  return [...found];
}

function layerOf(path: string): Layer | undefined {
  let best: { layer: Layer; length: number } | undefined;
  for (const layer of LAYERS) {
    for (const p of layer.paths) {
      const holds = p.endsWith('/') ? path.startsWith(p) : path === p;
      if (holds && (!best || p.length > best.length)) best = { layer, length: p.length };
    }
  }
  return best?.layer;
}

const packageOf = (spec: string) => (spec.startsWith('node:') ? spec : spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/'));

/** A relative import as a repository path without extension; a package import as its package. */
const importedBy = (file: string, spec: string) =>
  spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '') : packageOf(spec);

/** The layer rules broken by `files` (repository path → source), one message per import. */
function layerViolations(files: Map<string, string>): string[] {
  const problems: string[] = [];
  const excepted = (file: string, target: string) => EXCEPTIONS.some((e) => e.file === file && e.imports === target);
  for (const [file, source] of files) {
    const layer = layerOf(file);
    if (!layer) {
      problems.push(`${file} belongs to no layer: add it to LAYERS in src/layers.test.ts`);
      continue;
    }
    const isTest = file.endsWith('.test.ts') || layer.tests === true;
    for (const spec of importsOf(source)) {
      const target = importedBy(file, spec);
      if (!spec.startsWith('.')) {
        if (layer.anyPackage || (isTest && TEST_TOOLS.includes(spec)) || excepted(file, target)) continue;
        problems.push(`${file} imports ${spec}: the ${layer.name} layer uses no packages`);
        continue;
      }
      if (isTest && target.startsWith(TEST_SUPPORT)) continue;
      const targetLayer = layerOf(`${target}.ts`);
      const allowed = layer.mayImport.includes('*') || (targetLayer && layer.mayImport.includes(targetLayer.name));
      if (allowed || excepted(file, target)) continue;
      problems.push(
        `${file} imports ${spec} (${targetLayer?.name ?? 'outside every layer'}): ` +
          `the ${layer.name} layer may import only ${layer.mayImport.join(', ') || 'nothing'}`,
      );
    }
  }
  return problems;
}

/** Words that would mean the domain reads the clock, draws randomness or reaches the outside world. */
const DOMAIN_EFFECTS = /\b(Date\.now\(|new Date\(\)|Math\.random\(|fetch\(|process\.|setTimeout\(|setInterval\(|setImmediate\(|console\.|require\()/;

test('every import in src/ follows the layer rules', () => {
  const files = new Map(sourceFiles('src').filter((f) => f !== CHECKER).map((f) => [f, readFileSync(join(REPO, f), 'utf8')]));
  assert.ok(files.size > 50, `expected the source tree under ${REPO}src`);
  assert.deepEqual(layerViolations(files), []);
});

test('the domain reads no clock, draws no randomness and does no I/O', () => {
  const problems = sourceFiles('src/domain')
    .filter((f) => !f.endsWith('.test.ts'))
    .flatMap((f) => {
      const found = DOMAIN_EFFECTS.exec(withoutComments(readFileSync(join(REPO, f), 'utf8')));
      return found ? [`${f} uses ${found[1]}: pass time, randomness and I/O in from the app`] : [];
    });
  assert.deepEqual(problems, []);
});

test('every exception is still needed', () => {
  const unused = EXCEPTIONS.filter((e) => {
    const imports = importsOf(readFileSync(join(REPO, e.file), 'utf8'));
    return !imports.some((spec) => importedBy(e.file, spec) === e.imports);
  });
  assert.deepEqual(unused.map((e) => `${e.file} → ${e.imports}`), []);
});

test('a forbidden import is reported with its file, its import and the rule', () => {
  const problems = layerViolations(new Map([
    ['src/app/users.ts', "import { isUniqueViolation } from '../store/sql/errors.js';\nimport type { Page } from '../domain/paging.js';"],
    ['src/http/api4/users.ts', "import { createSqlStore } from '../../store/sql/sql-store.js';"],
    ['src/app/ids.ts', "import { newId } from '../adapters/ids.js';"],
    ['src/domain/clock.ts', "import { readFileSync } from 'node:fs';"],
    ['src/domain/ok.test.ts', "import { test } from 'node:test';\nimport { x } from '../../test/support/world.js';"],
  ]));
  assert.deepEqual(problems, [
    'src/app/users.ts imports ../store/sql/errors.js (store sql): the app layer may import only app, domain, store port, config, version',
    'src/http/api4/users.ts imports ../../store/sql/sql-store.js (store sql): the http layer may import only http, app, domain, config, version',
    'src/app/ids.ts imports ../adapters/ids.js (adapters): the app layer may import only app, domain, store port, config, version',
    'src/domain/clock.ts imports node:fs: the domain layer uses no packages',
  ]);
});
