// Who may read GET /metrics: on the main port only system admins (401 without a login, 403 for
// others); with MetricsSettings.Enable a listener of its own serves it to scrapers without a
// login, and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { adminClient, startTestServer, userClient } from './support/server.js';
import { assertAppError, call } from './support/wire.js';

const PROMETHEUS_TEXT = /^text\/plain; version=0\.0\.4/;

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: /metrics on the main port is for system admins only`, async (t) => {
    const server = await startTestServer(kind);
    t.after(() => server.stop());
    assert.equal(server.metricsUrl, undefined, 'no metrics listener unless MetricsSettings.Enable is on');
    const admin = await adminClient(server);
    const user = await userClient(server, admin.client);

    assertAppError(await call(server.url, 'GET', '/metrics'), 401, 'api.context.session_expired.app_error', 'anonymous');
    assertAppError(await call(server.url, 'GET', '/metrics', { token: 'x'.repeat(26) }), 401, 'api.context.session_expired.app_error', 'bad token');
    assertAppError(await call(server.url, 'GET', '/metrics', { token: user.client.getToken() }), 403, 'api.context.permissions.app_error', 'plain user');
    const res = await call(server.url, 'GET', '/metrics', { token: admin.client.getToken() });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', PROMETHEUS_TEXT);
    assert.match(res.text, /^switchboard_webhook_queue_depth 0$/m);
  });

  test(`${kind}: MetricsSettings.Enable serves /metrics on its own listen address without a login`, async (t) => {
    const server = await startTestServer(kind, { MetricsSettings: { Enable: true, ListenAddress: '127.0.0.1:0' } });
    t.after(() => server.stop());
    assert.ok(server.metricsUrl, 'the metrics listener is open');
    assert.notEqual(new URL(server.metricsUrl).port, String(server.port));
    const res = await call(server.metricsUrl, 'GET', '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', PROMETHEUS_TEXT);
    assert.match(res.text, /^switchboard_webhook_deliveries_total\{outcome="success"\} 0$/m);
    // The listener serves the metrics and nothing else; the main port still guards them.
    for (const path of ['/', '/api/v4/users/me', '/api/v4/system/ping', '/metrics/x']) {
      assertAppError(await call(server.metricsUrl, 'GET', path), 404, 'api.context.404.app_error', `metrics listener ${path}`);
    }
    assertAppError(await call(server.url, 'GET', '/metrics'), 401, 'api.context.session_expired.app_error', 'main port, anonymous');
  });
}
