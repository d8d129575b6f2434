// The Store port over Kysely: the same sub-stores whether the executor is the database or an
// open transaction, so transactional code reads exactly like the rest.
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

function storeOver(db: Executor, opened: OpenedDatabase, inTransaction: boolean): Store {
  return {
    users: new SqlUsers(db, opened.dialect),
    sessions: new SqlSessions(db),
    teams: new SqlTeams(db),
    channels: new SqlChannels(db),
    posts: new SqlPosts(db),
    systems: new SqlSystems(db),
    outgoingHooks: new SqlOutgoingHooks(db, opened.dialect),
    deliveries: new SqlDeliveries(db, opened.dialect),
    transaction: (fn) =>
      inTransaction ? fn(storeOver(db, opened, true)) : db.transaction().execute((trx) => fn(storeOver(trx, opened, true))),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => opened.close(),
  };
}

export const createSqlStore = (opened: OpenedDatabase): Store => storeOver(opened.db, opened, false);
