// Turns the errors PostgreSQL (node-postgres) and SQLite (better-sqlite3) raise into the store's
// own error values (../errors.ts). This is the only module that knows either database's codes.
import { StoreConflict, UniqueViolation } from '../errors.js';

interface DriverError {
  code?: unknown;
  message?: unknown;
  /** node-postgres: the table, the constraint, and "Key (a, b)=(…) already exists." */
  table?: unknown;
  constraint?: unknown;
  detail?: unknown;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** PostgreSQL names the key's columns in the detail, before their values (which are left out). */
function postgresKeyColumns(detail: string): string[] {
  const match = /^Key \((.+?)\)=\(/.exec(detail);
  return match ? match[1].split(',').map((c) => c.trim()) : [];
}

/**
 * SQLite says "UNIQUE constraint failed: users.username" (one table.column per key column), or
 * "UNIQUE constraint failed: index 'name'" for an index on expressions.
 */
function sqliteKey(message: string): { table?: string; columns?: string[]; constraint?: string } {
  const failed = message.replace(/^UNIQUE constraint failed: /, '');
  const index = /^index '(.+)'$/.exec(failed);
  if (index) return { constraint: index[1] };
  const parts = failed.split(',').map((p) => p.trim().split('.'));
  if (parts.some((p) => p.length !== 2)) return {};
  return { table: parts[0][0], columns: parts.map((p) => p[1]) };
}

/** The store's error for a driver error; anything else (and anything unrecognised) as it was. */
export function storeErrorOf(e: unknown): unknown {
  if (typeof e !== 'object' || e === null || e instanceof UniqueViolation || e instanceof StoreConflict) return e;
  const err = e as DriverError;
  const code = text(err.code);
  if (code === '23505') {
    return new UniqueViolation({ table: text(err.table), columns: postgresKeyColumns(text(err.detail)), constraint: text(err.constraint) }, e);
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new UniqueViolation(sqliteKey(text(err.message)), e);
  }
  // SQLSTATE class 40, "transaction rollback": a deadlock or a serialization failure.
  if (/^40[0-9A-Z]{3}$/.test(code)) return new StoreConflict(`the transaction lost to a concurrent one (${code})`, e);
  // Another connection held the write lock for longer than busy_timeout.
  if (code.startsWith('SQLITE_BUSY')) return new StoreConflict(`the database is busy with another writer (${code})`, e);
  return e;
}

const rethrowAsStoreError = (e: unknown): never => {
  throw storeErrorOf(e);
};

/**
 * `subStore` with every error its methods raise passed through storeErrorOf, so no driver error
 * leaves the SQL layer, whichever method (or method added later) raised it.
 */
export function withStoreErrors<T extends object>(subStore: T): T {
  return new Proxy(subStore, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result = value.apply(target, args);
          return result instanceof Promise ? result.catch(rethrowAsStoreError) : result;
        } catch (e) {
          return rethrowAsStoreError(e);
        }
      };
    },
  });
}
