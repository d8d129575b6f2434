// The one ordered list of migrations, applied at start on SQLite and PostgreSQL alike.
import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './001-foundation.js';
import * as outgoingHooks from './002-outgoing-hooks.js';
import * as deliverySnapshots from './003-delivery-snapshots.js';
import * as accounts from './004-accounts.js';
import * as deliveryDestinations from './005-delivery-destinations.js';
import * as outgoingHookKeys from './006-outgoing-hook-keys.js';

const MIGRATIONS: Record<string, Migration> = {
  '001-foundation': foundation,
  '002-outgoing-hooks': outgoingHooks,
  '003-delivery-snapshots': deliverySnapshots,
  '004-accounts': accounts,
  '005-delivery-destinations': deliveryDestinations,
  '006-outgoing-hook-keys': outgoingHookKeys,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
