// Configuration through the API on a server whose config lives in a real config.json (loaded with
// ConfigService.load from a temp path): changes are validated, take effect at once, are written to
// the file and survive a reload; secrets are masked; the old-format client config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkg from '@mattermost/client';
import { ConfigService } from '../src/config/config-service.js';
import { startServer } from '../src/server.js';
import { createTestDatabase, testDatabaseKinds } from './support/databases.js';
import { assertAppError, call, clientError } from './support/wire.js';

const { Client4 } = pkg as unknown as { Client4: new () => any };
const ANONYMOUS_KEYS = ['Version', 'BuildNumber', 'SiteName', 'SiteURL', 'DiagnosticId', 'EnableUserCreation', 'EnableOpenServer', 'NoAccounts'];
const LOGGED_IN_KEYS = [...ANONYMOUS_KEYS, 'EnableIncomingWebhooks', 'EnableOutgoingWebhooks', 'EnableCommands', 'EnablePostUsernameOverride',
  'EnablePostIconOverride', 'EnableOnlyAdminIntegrations', 'MaxPostSize'];

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: configuration through the API, persisted in config.json`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
    const database = await createTestDatabase(kind);
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify({
      ServiceSettings: { ListenAddress: '127.0.0.1:0', SiteURL: 'http://chat.example.com' },
      SqlSettings: { DriverName: database.driver, DataSource: database.dataSource },
    }));
    const env = { MM_TEAMSETTINGS_SITENAME: 'From Env' };
    const server = await startServer({ config: await ConfigService.load(path, env) });
    t.after(async () => {
      await server.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });
    const client = (token?: string) => {
      const c = new Client4();
      c.setUrl(server.url);
      if (token) c.setToken(token);
      return c;
    };
    const onDisk = () => JSON.parse(readFileSync(path, 'utf8'));

    await t.test('client config, old format: anonymous and logged-in key sets, NoAccounts', async () => {
      const anon = await client().getClientConfig();
      assert.deepEqual(Object.keys(anon).sort(), [...ANONYMOUS_KEYS].sort());
      assert.equal(anon.NoAccounts, 'true');
      assert.equal(anon.SiteName, 'From Env');
      assert.equal(anon.SiteURL, 'http://chat.example.com');
      assert.match(anon.DiagnosticId, /^[a-z0-9]{26}$/);
      const admin = client();
      await admin.createUser({ username: 'admin', email: 'admin@example.com', password: 'password1' });
      await admin.login('admin', 'password1');
      const full = await admin.getClientConfig();
      assert.deepEqual(Object.keys(full).sort(), [...LOGGED_IN_KEYS].sort());
      for (const [k, v] of Object.entries(full)) assert.equal(typeof v, 'string', k);
      assert.equal(full.NoAccounts, 'false');
      assert.equal(full.MaxPostSize, '4000');
      assert.equal(full.EnableCommands, 'false');
      assert.equal(full.DiagnosticId, anon.DiagnosticId);
      const res = await call(server.url, 'GET', '/api/v4/config/client?format=old');
      assert.equal(res.headers.get('cache-control'), 'no-cache, no-store, must-revalidate');
      assertAppError(await call(server.url, 'GET', '/api/v4/config/client?format=json'), 400, 'api.context.invalid_body_param.app_error');
    });

    const admin = client();
    await admin.login('admin', 'password1');
    const bob = client();
    await admin.createUser({ username: 'bob', email: 'bob@example.com', password: 'password1' });
    await bob.login('bob', 'password1');

    await t.test('getConfig: admins only, secrets masked', async () => {
      const cfg = await admin.getConfig();
      assert.equal(cfg.SqlSettings.DataSource, '********');
      assert.equal(cfg.SqlSettings.DriverName, database.driver);
      assert.equal(cfg.ServiceSettings.MaxPostSize, 4000);
      await assert.rejects(bob.getConfig(), clientError(403, 'api.context.permissions.app_error'));
      await assert.rejects(client().getConfig(), clientError(401));
    });

    await t.test('patchConfig takes effect at once and is written to config.json', async () => {
      const patched = await admin.patchConfig({ ServiceSettings: { MaxPostSize: 10, EnablePostUsernameOverride: true }, Unknown: { X: 1 } });
      assert.equal(patched.ServiceSettings.MaxPostSize, 10);
      assert.equal(patched.SqlSettings.DataSource, '********');
      const team = await admin.createTeam({ name: 'cfgteam', display_name: 'Cfg', type: 'O' });
      const town = await admin.getChannelByName(team.id, 'town-square');
      await assert.rejects(admin.createPost({ channel_id: town.id, message: 'x'.repeat(11) }), clientError(400, 'model.post.is_valid.message_length.app_error'));
      assert.equal((await admin.createPost({ channel_id: town.id, message: 'x'.repeat(10) })).message.length, 10);
      assert.equal((await bob.getClientConfig()).MaxPostSize, '10');
      const file = onDisk();
      assert.equal(file.ServiceSettings.MaxPostSize, 10);
      assert.equal(file.ServiceSettings.EnablePostUsernameOverride, true);
      assert.equal(file.SqlSettings.DataSource, database.dataSource, 'the real secret is kept on disk');
      assert.equal(file.TeamSettings.SiteName, 'Switchboard', 'environment overrides are not written to the file');
      assert.equal(file.Unknown, undefined);
      // Sign-up opens the moment the admin allows it.
      await assert.rejects(client().createUser({ username: 'carol', email: 'carol@example.com', password: 'password1' }), clientError(403));
      await admin.patchConfig({ TeamSettings: { EnableOpenServer: true } });
      assert.equal((await client().createUser({ username: 'carol', email: 'carol@example.com', password: 'password1' })).username, 'carol');
    });

    await t.test('each change is published on the event bus as config.changed; a refused one is not', async () => {
      const seen: Array<[number, number]> = [];
      const stop = server.ctx.events.subscribe('config.changed', ({ config, previous }) =>
        void seen.push([previous.ServiceSettings.MaxPostSize, config.ServiceSettings.MaxPostSize]));
      try {
        await admin.patchConfig({ ServiceSettings: { MaxPostSize: 12 } });
        await assert.rejects(admin.patchConfig({ ServiceSettings: { MaxPostSize: -1 } }), clientError(400));
        await admin.patchConfig({ ServiceSettings: { MaxPostSize: 10 } });
      } finally {
        stop();
      }
      assert.deepEqual(seen, [[10, 12], [12, 10]]);
    });

    await t.test('invalid values are refused, name the key, and change nothing', async () => {
      const before = readFileSync(path, 'utf8');
      await assert.rejects(admin.patchConfig({ ServiceSettings: { MaxPostSize: 'big' } }), clientError(400, 'model.config.is_valid.servicesettings_maxpostsize.app_error'));
      await assert.rejects(admin.patchConfig({ ServiceSettings: { MaxPostSize: -1 } }), clientError(400, 'model.config.is_valid.servicesettings_maxpostsize.app_error'));
      await assert.rejects(admin.patchConfig({ ServiceSettings: { SiteURL: 'not a url' } }), clientError(400, 'model.config.is_valid.servicesettings_siteurl.app_error'));
      await assert.rejects(admin.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: 'yes' } }), clientError(400));
      await assert.rejects(admin.updateConfig([]), clientError(400, 'api.context.invalid_body_param.app_error'));
      await assert.rejects(bob.patchConfig({ ServiceSettings: { MaxPostSize: 20 } }), clientError(403, 'api.context.permissions.app_error'));
      assert.equal(readFileSync(path, 'utf8'), before);
      assert.equal(server.ctx.config.get().ServiceSettings.MaxPostSize, 10);
    });

    await t.test('updateConfig: the masked secret is kept, missing keys take their defaults', async () => {
      const cfg = await admin.getConfig();
      delete cfg.ServiceSettings.EnablePostUsernameOverride;
      cfg.ServiceSettings.MaxPostSize = 300;
      const updated = await admin.updateConfig(cfg);
      assert.equal(updated.ServiceSettings.MaxPostSize, 300);
      assert.equal(updated.ServiceSettings.EnablePostUsernameOverride, false);
      const file = onDisk();
      assert.equal(file.SqlSettings.DataSource, database.dataSource);
      assert.equal(file.ServiceSettings.MaxPostSize, 300);
      // The database cannot be switched under a running server.
      await admin.patchConfig({ SqlSettings: { DriverName: database.driver === 'sqlite' ? 'postgres' : 'sqlite' } });
      assert.equal(onDisk().SqlSettings.DriverName, database.driver);
    });

    await t.test('a fresh load of config.json sees every change', async () => {
      const reloaded = (await ConfigService.load(path, {})).get();
      assert.equal(reloaded.ServiceSettings.MaxPostSize, 300);
      assert.equal(reloaded.TeamSettings.EnableOpenServer, true);
      assert.equal(reloaded.ServiceSettings.SiteURL, 'http://chat.example.com');
      assert.equal(reloaded.TeamSettings.SiteName, 'Switchboard');
    });

    await t.test('MaximumRequestBodyBytes changes apply to the next request', async () => {
      const body = { name: 'bodyteam', display_name: 'Body', type: 'O', padding: 'p'.repeat(3000) };
      await admin.patchConfig({ ServiceSettings: { MaximumRequestBodyBytes: 2048 } });
      assertAppError(await call(server.url, 'POST', '/api/v4/teams', { token: admin.getToken(), body }), 413, 'api.context.request_body_too_large.app_error');
      await admin.patchConfig({ ServiceSettings: { MaximumRequestBodyBytes: 1 << 20 } });
      const res = await call(server.url, 'POST', '/api/v4/teams', { token: admin.getToken(), body });
      assert.equal(res.status, 201, res.text);
    });
  });
}
