// A delivery refused by the address policy (a loopback, private or own address not on the
// allow-list) is a warning in the server's log, not only a line in the hook's delivery log: the
// admin who set up a local receiver learns there what to allow. The line names the hook and the
// destination host, never the callback URL, whose path or query may carry a secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLog } from '../src/adapters/logger.js';
import { testDatabaseKinds } from './support/databases.js';
import { adminClient, startTestServer, uniqueName } from './support/server.js';
import { eventually, replyJson, startReceiver } from './support/receiver.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: a delivery refused by the address policy is logged as a warning naming the hook and host`, async (t) => {
    let output = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        output += String(chunk);
        done();
      },
    });
    const server = await startTestServer(kind, { ServiceSettings: { EnableOutgoingWebhooks: true, AllowedUntrustedInternalConnections: '' } }, createLog(sink));
    const receiver = await startReceiver(replyJson({ text: 'never' }));
    t.after(async () => {
      await receiver.close();
      await server.stop();
    });
    const { client: admin } = await adminClient(server);
    const team = await admin.createTeam({ name: uniqueName('team'), display_name: 'Refused', type: 'O' });
    const town = await admin.getChannelByName(team.id, 'town-square');
    const secret = 'query-secret-7f3a';
    const hook = await admin.createOutgoingWebhook({
      team_id: team.id, trigger_words: ['#build'], callback_urls: [`${receiver.url}/private-path?key=${secret}`], content_type: 'application/json',
    });
    await admin.createPost({ channel_id: town.id, message: '#build now' });
    const [delivery] = await eventually(async () => {
      const ds = await admin.doFetch(`${admin.getOutgoingHookRoute(hook.id)}/deliveries`, { method: 'get' });
      return ds.length === 1 && ds[0].state === 'failed' ? ds : undefined;
    });
    assert.match(delivery.last_error, /^forbidden_address: /);
    assert.equal(receiver.requests.length, 0);

    const lines = output.trim().split('\n').map((l) => JSON.parse(l));
    const warnings = lines.filter((l) => l.level === 'warn' && l.hook_id === hook.id);
    assert.equal(warnings.length, 1, output);
    const { host } = new URL(receiver.url);
    assert.equal(warnings[0].host, host);
    assert.equal(warnings[0].delivery_id, delivery.id);
    assert.match(warnings[0].msg, /AllowedUntrustedInternalConnections/);
    assert.ok(!output.includes(secret), 'the callback URL\'s query is not logged');
    assert.ok(!output.includes('private-path'), 'nor its path');
  });
}
