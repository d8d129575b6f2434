import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigService, sanitizeConfig } from './config-service.js';
import { ConfigError } from './config-error.js';
import type { ConfigSource } from './config-source.js';
import { AppError } from '../domain/errors.js';

const tempPath = () => join(mkdtempSync(join(tmpdir(), 'switchboard-config-')), 'config.json');

test('first start writes the defaults to config.json', async () => {
  const path = tempPath();
  const c = (await ConfigService.load(path, {})).get();
  assert.equal(c.ServiceSettings.ListenAddress, ':8065');
  assert.equal(c.ServiceSettings.EnableOutgoingWebhooks, false);
  assert.equal(c.ServiceSettings.EnableOnlyAdminIntegrations, true);
  assert.equal(c.ServiceSettings.MaxPostSize, 4000);
  assert.deepEqual(c.WebhookSettings.RetryScheduleSeconds, [5, 30, 120, 600, 1800, 3600]);
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).ServiceSettings.OutgoingIntegrationRequestsTimeout, 30);
});

test('MM_<SECTION>_<KEY> variables override the file, typed by the schema', async () => {
  const c = (await ConfigService.load(tempPath(), {
    MM_SERVICESETTINGS_LISTENADDRESS: '127.0.0.1:9000',
    MM_SERVICESETTINGS_ENABLEOUTGOINGWEBHOOKS: 'true',
    MM_SERVICESETTINGS_MAXPOSTSIZE: '500',
    MM_WEBHOOKSETTINGS_RETRYSCHEDULESECONDS: '[1,2]',
  })).get();
  assert.equal(c.ServiceSettings.ListenAddress, '127.0.0.1:9000');
  assert.equal(c.ServiceSettings.EnableOutgoingWebhooks, true);
  assert.equal(c.ServiceSettings.MaxPostSize, 500);
  assert.deepEqual(c.WebhookSettings.RetryScheduleSeconds, [1, 2]);
});

test('bad values stop loading with a message naming every key', async () => {
  const rows: Array<[string, Record<string, string>, RegExp]> = [
    ['{"ServiceSettings":{"MaxPostSize":"big"}}', {}, /ServiceSettings\.MaxPostSize must be a whole number/],
    ['{"ServiceSettings":{"EnableOutgoingWebhooks":1,"OutgoingIntegrationRequestsTimeout":0}}', {}, /EnableOutgoingWebhooks.*OutgoingIntegrationRequestsTimeout/],
    ['{"SqlSettings":{"DriverName":"mysql"}}', {}, /SqlSettings\.DriverName must be one of sqlite, postgres/],
    ['not json', {}, /not valid JSON/],
    ['{}', { MM_SERVICESETTINGS_ENABLEOUTGOINGWEBHOOKS: 'yes' }, /MM_SERVICESETTINGS_ENABLEOUTGOINGWEBHOOKS/],
  ];
  for (const [file, env, message] of rows) {
    const path = tempPath();
    writeFileSync(path, file);
    await assert.rejects(ConfigService.load(path, env), (e) => e instanceof ConfigError && message.test(e.message), file);
  }
});

test('patch validates, saves, announces the change and leaves unknown keys alone', async () => {
  const path = tempPath();
  const service = await ConfigService.load(path, {});
  const seen: boolean[] = [];
  service.onChange((next) => seen.push(next.ServiceSettings.EnableOutgoingWebhooks));
  const before = service.get();
  const next = await service.patch({ ServiceSettings: { EnableOutgoingWebhooks: true, NotAKey: 1 }, Nope: {} });
  assert.equal(next.ServiceSettings.EnableOutgoingWebhooks, true);
  assert.equal(before.ServiceSettings.EnableOutgoingWebhooks, false, 'earlier values are frozen snapshots');
  assert.ok(Object.isFrozen(next.ServiceSettings));
  assert.deepEqual(seen, [true]);
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).ServiceSettings.EnableOutgoingWebhooks, true);
  await assert.rejects(
    service.patch({ ServiceSettings: { MaxPostSize: -1 } }),
    (e) => e instanceof AppError && e.kind === 'invalid' && e.id === 'model.config.is_valid.servicesettings_maxpostsize.app_error',
  );
  assert.equal(service.get().ServiceSettings.MaxPostSize, 4000);
});

test('replace resets missing keys; secrets stay hidden and the placeholder keeps them; SqlSettings need a restart', async () => {
  const path = tempPath();
  writeFileSync(path, JSON.stringify({ SqlSettings: { DriverName: 'sqlite', DataSource: '/tmp/secret.db' }, TeamSettings: { SiteName: 'Ours' } }));
  const service = await ConfigService.load(path, {});
  const shown = sanitizeConfig(service.get());
  assert.equal(shown.SqlSettings.DataSource, '********');
  const next = await service.replace({ ...shown, SqlSettings: { DriverName: 'postgres', DataSource: '********' }, TeamSettings: {} });
  assert.equal(next.TeamSettings.SiteName, 'Switchboard');
  assert.equal(next.SqlSettings.DataSource, '/tmp/secret.db');
  assert.equal(next.SqlSettings.DriverName, 'sqlite');
});

test('environment overrides win over API changes', async () => {
  const service = await ConfigService.load(tempPath(), { MM_TEAMSETTINGS_SITENAME: 'Env' });
  await service.patch({ TeamSettings: { SiteName: 'Api' } });
  assert.equal(service.get().TeamSettings.SiteName, 'Env');
});

test('any ConfigSource: defaults are stored on first start, and changes reach it one at a time, in the order made', async () => {
  const saves: Array<{ siteName: string; done: boolean }> = [];
  let stored: unknown = undefined;
  let releaseFirstChange = () => {};
  const firstChangeHeld = new Promise<void>((resolve) => (releaseFirstChange = resolve));
  const source: ConfigSource = {
    name: 'memory',
    load: async () => stored,
    async save(config) {
      const save = { siteName: config.TeamSettings.SiteName, done: false };
      saves.push(save);
      // The first change is slow to store; the second must not overtake it.
      if (save.siteName === 'One') await firstChangeHeld;
      stored = JSON.parse(JSON.stringify(config));
      save.done = true;
    },
  };
  const service = await ConfigService.open(source, {});
  assert.deepEqual(saves, [{ siteName: 'Switchboard', done: true }]);
  const one = service.patch({ TeamSettings: { SiteName: 'One' } });
  const two = service.patch({ TeamSettings: { SiteName: 'Two' } });
  assert.equal(service.get().TeamSettings.SiteName, 'Two', 'in effect at once');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(saves.slice(1), [{ siteName: 'One', done: false }], 'the second waits for the first');
  releaseFirstChange();
  await Promise.all([one, two]);
  assert.deepEqual(saves.slice(1), [{ siteName: 'One', done: true }, { siteName: 'Two', done: true }]);
  assert.equal((stored as { TeamSettings: { SiteName: string } }).TeamSettings.SiteName, 'Two');
  assert.equal((await ConfigService.open(source, {})).get().TeamSettings.SiteName, 'Two');
});
