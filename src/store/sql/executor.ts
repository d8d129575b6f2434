// The query executor every SQL sub-store works with: the database itself, or an open transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../tables.js';

export type Executor = Kysely<Database>;
