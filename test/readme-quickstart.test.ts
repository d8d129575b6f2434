// The README's quick start, run as written: the commands between its quick-start markers go to
// bash against a fresh server process, and the seed's #build table must end up posted by the
// webhook. Only the addresses change, through the variables the block itself reads (SB and
// RECEIVER_PORT), so that the run uses free ports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '@mattermost/client';
import { createTestDatabase, testDatabaseKinds } from './support/databases.js';
import { freePort, startServerProcess } from './support/server-process.js';
import { eventually } from './support/receiver.js';

const { Client4 } = pkg as unknown as { Client4: new () => any };

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** The seed's example reply. */
const TABLE = `
| Component | Tests Run | Tests Failed |
|:-----------|:------------|:-----------------------------------------------|
| Server | 948 | :white_check_mark: 0 |
| Web Client | 123 | :warning: [2 (see details)](http://linktologs) |
| iOS Client | 78 | :warning: [3 (see details)](http://linktologs) |
`;

/** A quick start that never ends is a failure, not a hung test run. */
const SCRIPT_DEADLINE_MS = 120_000;

/** The shell block between the README's quick-start markers. */
function quickStart(readme: string): string {
  const block = /<!-- quick-start:begin -->\s*```sh\n([\s\S]*?)```\s*<!-- quick-start:end -->/.exec(readme);
  assert.ok(block, 'README.md has a ```sh block between <!-- quick-start:begin --> and <!-- quick-start:end -->');
  return block[1];
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: the README quick start, run as written, gets the #build table posted`, async (t) => {
    const script = quickStart(readFileSync(README, 'utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-quickstart-'));
    const database = await createTestDatabase(kind);
    const port = await freePort();
    const server = await startServerProcess({
      configPath: join(dir, 'config.json'),
      port,
      env: {
        MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`,
        MM_SQLSETTINGS_DRIVERNAME: database.driver,
        MM_SQLSETTINGS_DATASOURCE: database.dataSource,
      },
    });
    t.after(async () => {
      server.child.kill('SIGTERM');
      await server.exited;
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    // Its own process group, so the receiver it starts in the background goes with it if it fails.
    const shell = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], {
      cwd: dir,
      env: { ...process.env, SB: server.url, RECEIVER_PORT: String(await freePort()) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    shell.stdout.on('data', (c) => (output += c));
    shell.stderr.on('data', (c) => (output += c));
    const killGroup = () => {
      try {
        process.kill(-shell.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    t.after(killGroup);
    const deadline = setTimeout(killGroup, SCRIPT_DEADLINE_MS);
    const exit = await new Promise<string>((resolve) => shell.once('exit', (code, signal) => resolve(signal ?? String(code))));
    clearTimeout(deadline);
    assert.equal(exit, '0', `the quick start failed:\n${output}\n--- server log ---\n${server.output()}`);
    assert.ok(output.includes(TABLE.trim()), `the quick start shows the table it got back:\n${output}`);
    assert.match(output, /^succeeded http:\/\/127\.0\.0\.1:\d+\/ 200$/m, 'and the delivery log line');

    // The table is a webhook reply in the channel, as the quick start's admin sees it.
    const [, loginId, password] = /"login_id":"([^"]+)","password":"([^"]+)"/.exec(script) ?? [];
    const client = new Client4();
    client.setUrl(server.url);
    await client.login(loginId, password);
    const replies = await eventually(async () => {
      const found = [];
      for (const team of await client.getMyTeams()) {
        for (const channel of await client.getMyChannels(team.id)) {
          const list = await client.getPosts(channel.id, 0, 60);
          found.push(...Object.values(list.posts as Record<string, any>).filter((p) => p.props?.from_webhook === 'true'));
        }
      }
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(replies.map((p) => p.message), [TABLE]);
  });
}
