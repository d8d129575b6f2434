// config.json as the configuration's source. A save replaces the file in one rename, so a crash
// never leaves half a file, and the file is readable by its owner only: it holds the database URL.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from './schema.js';
import type { ConfigSource } from './config-source.js';
import { ConfigError } from './config-error.js';

export class FileConfigSource implements ConfigSource {
  constructor(private readonly path: string) {}

  get name() {
    return this.path;
  }

  async load(): Promise<unknown> {
    if (!existsSync(this.path)) return undefined;
    try {
      return JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (e) {
      throw new ConfigError([{ key: '(file)', message: `is not valid JSON: ${(e as Error).message}` }], this.path);
    }
  }

  async save(config: Config): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}
