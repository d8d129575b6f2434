// Spec §8 through a real server: deliveries to loopback, link-local, private and metadata
// addresses, and to a name that resolves to one, are refused before any connection (final failures
// whose log entry tells the admin what to allow); redirects are never followed; the allow-list
// (host and CIDR entries) opens loopback again. Only loopback is ever really contacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, startTestServer, uniqueName } from './support/server.js';
import { eventually, replyJson, startReceiver } from './support/receiver.js';

test('sqlite: the SSRF guard refuses internal targets, follows no redirect, and obeys the allow-list', async (t) => {
  const server = await startTestServer('sqlite', {
    ServiceSettings: { EnableOutgoingWebhooks: true, AllowedUntrustedInternalConnections: '' },
  });
  const receiver = await startReceiver(replyJson({ text: 'reached' }));
  t.after(async () => {
    await receiver.close();
    await server.stop();
  });
  const port = new URL(receiver.url).port;
  const redirected = `${receiver.url}/redirected`;
  receiver.respond((req, res) => {
    if (req.path === '/redirect') {
      res.writeHead(302, { Location: redirected });
      res.end();
      return;
    }
    replyJson({ text: `reached ${req.path}` })(req, res);
  });
  const { client: admin } = await adminClient(server);
  const team = await admin.createTeam({ name: uniqueName('team'), display_name: 'SSRF', type: 'O' });
  const town = await admin.getChannelByName(team.id, 'town-square');
  const targets = {
    loopback: `http://127.0.0.1:${port}/loopback`,
    ipv6Loopback: `http://[::1]:${port}/v6`,
    private10: 'http://10.1.2.3/private',
    metadata: 'http://169.254.169.254/latest/meta-data/',
    localhostName: `http://localhost:${port}/name`,
  };
  const hook = await admin.createOutgoingWebhook({ team_id: team.id, trigger_words: ['probe'], callback_urls: Object.values(targets), content_type: 'application/json' });
  const redirectHook = await admin.createOutgoingWebhook({ team_id: team.id, trigger_words: ['hop'], callback_urls: [`${receiver.url}/redirect`], content_type: 'application/json' });
  const deliveries = async (hookId: string, postId: string) => {
    const all = await admin.doFetch(`${admin.getOutgoingHookRoute(hookId)}/deliveries?per_page=200`, { method: 'get' });
    return all.filter((d: any) => d.post_id === postId);
  };
  const settled = (hookId: string, postId: string, count: number) =>
    eventually(async () => {
      const ds = await deliveries(hookId, postId);
      return ds.length === count && ds.every((d: any) => d.state === 'succeeded' || d.state === 'failed') ? ds : undefined;
    });

  await t.test('every internal target is refused without a connection, as a final failure', async () => {
    const post = await admin.createPost({ channel_id: town.id, message: 'probe all' });
    const ds = await settled(hook.id, post.id, 5);
    for (const [name, url] of Object.entries(targets)) {
      const d = ds.find((x: any) => x.callback_url === url);
      assert.equal(d.state, 'failed', name);
      assert.equal(d.attempt_count, 1, `${name}: a refusal is not retried`);
      assert.equal(d.last_status_code, 0, name);
      assert.match(d.last_error, /^forbidden_address: /, name);
      assert.match(d.last_error, /AllowedUntrustedInternalConnections/, name);
      const detail = await admin.doFetch(`${admin.getOutgoingHookRoute(hook.id)}/deliveries/${d.id}`, { method: 'get' });
      assert.equal(detail.attempts.length, 1);
      assert.match(detail.attempts[0].error, /^forbidden_address: /, name);
      assert.equal(detail.attempts[0].response.status_code, 0, name);
    }
    assert.equal(receiver.requests.length, 0, 'the loopback receiver was never reached');
  });

  await t.test('a redirect is not followed: the 302 is a failed delivery', async () => {
    await admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } });
    const post = await admin.createPost({ channel_id: town.id, message: 'hop there' });
    const [d] = await settled(redirectHook.id, post.id, 1);
    assert.equal(d.state, 'failed');
    assert.equal(d.last_status_code, 302);
    assert.equal(d.attempt_count, 1);
    assert.deepEqual(receiver.requests.map((r) => r.path), ['/redirect'], 'the Location was never requested');
  });

  const reachedWith = async (allow: string) => {
    await admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: allow } });
    const post = await admin.createPost({ channel_id: town.id, message: `probe with ${allow}` });
    const ds = await settled(hook.id, post.id, 5);
    const state = (url: string) => ds.find((x: any) => x.callback_url === url).state;
    return Object.fromEntries(Object.entries(targets).map(([name, url]) => [name, state(url)]));
  };

  await t.test('allow-list host entry 127.0.0.1 opens exactly that host', async () => {
    assert.deepEqual(await reachedWith('127.0.0.1'), {
      loopback: 'succeeded', ipv6Loopback: 'failed', private10: 'failed', metadata: 'failed', localhostName: 'failed',
    });
  });

  await t.test('allow-list CIDR entry 127.0.0.0/8 opens loopback addresses, including a name resolving there', async () => {
    assert.deepEqual(await reachedWith('127.0.0.0/8'), {
      loopback: 'succeeded', ipv6Loopback: 'failed', private10: 'failed', metadata: 'failed', localhostName: 'succeeded',
    });
    assert.ok(receiver.requests.some((r) => r.path === '/name'));
    assert.ok(!receiver.requests.some((r) => r.path === '/v6' || r.path === '/private'));
  });
});
