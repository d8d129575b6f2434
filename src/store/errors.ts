// The storage port's own errors. The SQL layer turns what the database drivers raise into these,
// so the app can react to a taken name or a lost race without knowing any database's error codes.
// They carry no column values: a duplicate email must not end up in a log line.

/** A write would have stored a second row with the same unique key (a taken name, a reused id). */
export class UniqueViolation extends Error {
  /** The table written to, when the database names it ("" otherwise). */
  readonly table: string;
  /** The columns of the key that was taken, when the database names them ([] otherwise). */
  readonly columns: readonly string[];
  /** The constraint or index that refused the row, when the database names it ("" otherwise). */
  readonly constraint: string;

  constructor(key: { table?: string; columns?: readonly string[]; constraint?: string }, cause?: unknown) {
    const table = key.table ?? '';
    const columns = key.columns ?? [];
    const what = columns.length > 0 ? ` (${columns.join(', ')})` : key.constraint ? ` (${key.constraint})` : '';
    super(`a ${table || 'row'} with the same unique key${what} already exists`, { cause });
    this.name = 'UniqueViolation';
    this.table = table;
    this.columns = columns;
    this.constraint = key.constraint ?? '';
  }
}

/**
 * The transaction lost to a concurrent one (a deadlock, a database busy with another writer) and
 * nothing it wrote was kept; running it again may succeed.
 */
export class StoreConflict extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StoreConflict';
  }
}

export const isUniqueViolation = (e: unknown): e is UniqueViolation => e instanceof UniqueViolation;
export const isStoreConflict = (e: unknown): e is StoreConflict => e instanceof StoreConflict;
