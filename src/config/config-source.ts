// Where the configuration is kept. ConfigService holds the effective config in memory, where every
// request reads it, and goes to its source only to load it at start and to save an admin's change.
// The file (config.json) is the one source today; a database source comes with several nodes, which
// is why both operations are asynchronous.
import type { Config } from './schema.js';

export interface ConfigSource {
  /** Names the source in error messages (the file's path). */
  readonly name: string;
  /**
   * The stored settings as parsed JSON, not yet checked; undefined when nothing is stored yet (a
   * first start). Throws ConfigError when what is stored cannot be read.
   */
  load(): Promise<unknown>;
  /** Stores the settings, never the MM_* overrides. ConfigService saves one change at a time, in order. */
  save(config: Config): Promise<void>;
}
