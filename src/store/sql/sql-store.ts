// The Store port over Kysely: the same sub-stores whether the executor is the database or an
// open transaction, so transactional code reads exactly like the rest. Every error leaving a
// sub-store or a transaction is the store's own (driver-errors.ts), never a driver's.
import { sql } from 'kysely';
import type { Store } from '../store.js';
import type { OpenedDatabase } from '../database.js';
import type { Executor } from './executor.js';
import { SqlUsers } from './users.js';
import { SqlSessions } from './sessions.js';
import { SqlTeams } from './teams.js';
import { SqlChannels } from './channels.js';
import { SqlPosts } from './posts.js';
import { SqlSystems } from './systems.js';
import { SqlOutgoingHooks } from './outgoing-hooks.js';
import { SqlDeliveries } from './deliveries.js';
import { storeErrorOf, withStoreErrors } from './driver-errors.js';

function storeOver(db: Executor, opened: OpenedDatabase, inTransaction: boolean): Store {
  return {
    users: withStoreErrors(new SqlUsers(db, opened.dialect)),
    sessions: withStoreErrors(new SqlSessions(db)),
    teams: withStoreErrors(new SqlTeams(db)),
    channels: withStoreErrors(new SqlChannels(db)),
    posts: withStoreErrors(new SqlPosts(db)),
    systems: withStoreErrors(new SqlSystems(db)),
    outgoingHooks: withStoreErrors(new SqlOutgoingHooks(db, opened.dialect)),
    deliveries: withStoreErrors(new SqlDeliveries(db, opened.dialect)),
    transaction: (fn) =>
      inTransaction
        ? fn(storeOver(db, opened, true))
        : db.transaction().execute((trx) => fn(storeOver(trx, opened, true))).catch((e: unknown) => {
            // The commit itself can fail too.
            throw storeErrorOf(e);
          }),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => opened.close(),
  };
}

export const createSqlStore = (opened: OpenedDatabase): Store => storeOver(opened.db, opened, false);
