// Accounts an attacker cannot take over: the failed-login count behind the lockout, and the stored
// id of the server's own bot (older servers found it by a name anyone could register).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // SQLite adds one column per statement.
  await db.schema.alterTable('users').addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('last_failed_attempt_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();

  // The bot an older server made is kept: it is the account named `switchboard` that the server
  // itself flagged as a bot. A person who took that name is never adopted; the bot is then made
  // afresh, under another name, the first time it has something to say.
  const legacy = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'switchboard')
    .where('is_bot', '=', 1)
    .executeTakeFirst();
  if (legacy) {
    await db
      .insertInto('systems')
      .values({ name: 'SystemBotUserId', value: legacy.id })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('last_failed_attempt_at').execute();
  await db.schema.alterTable('users').dropColumn('failed_attempts').execute();
}
