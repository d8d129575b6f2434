// Loads config.json plus MM_<SECTION>_<KEY> overrides, validates it, and applies changes made
// through the API: each change yields a new frozen Config, is saved to config.json, and is
// announced to listeners, so no restart is needed.
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError, invalid } from '../domain/errors.js';
import { CONFIG_SCHEMA, SECRET_PLACEHOLDER, type Config, type KeySpec } from './schema.js';
import { defaultConfig, formatProblems, mergeConfig, parseEnvValue, type ConfigProblem } from './validate.js';

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[], source: string) {
    super(`invalid configuration in ${source}: ${formatProblems(problems)}`);
  }
}

type Listener = (next: Config, previous: Config) => void;

export class ConfigService {
  private fileConfig: Config;
  private effective: Config;
  private listeners: Listener[] = [];

  private constructor(
    private readonly path: string | null,
    fileConfig: Config,
    private readonly env: Record<string, string | undefined>,
  ) {
    this.fileConfig = fileConfig;
    this.effective = applyEnv(fileConfig, env);
  }

  /**
   * Reads `path` (writing the defaults there on first start) or, with a null path, keeps the
   * config in memory only. Throws ConfigError naming every bad key.
   */
  static load(path: string | null, env: Record<string, string | undefined> = process.env): ConfigService {
    let fileConfig = defaultConfig();
    if (path && existsSync(path)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path, 'utf8'));
      } catch (e) {
        throw new ConfigError([{ key: '(file)', message: `is not valid JSON: ${(e as Error).message}` }], path);
      }
      const { config, problems } = mergeConfig(fileConfig, parsed);
      if (problems.length) throw new ConfigError(problems, path);
      fileConfig = config;
    } else if (path) {
      writeConfigFile(path, fileConfig);
    }
    const service = new ConfigService(path, fileConfig, env);
    return service;
  }

  /** Like load, but from an object (tests and embedding). */
  static fromObject(input: unknown, env: Record<string, string | undefined> = {}): ConfigService {
    const { config, problems } = mergeConfig(defaultConfig(), input);
    if (problems.length) throw new ConfigError(problems, 'object');
    return new ConfigService(null, config, env);
  }

  get(): Config {
    return this.effective;
  }

  onChange(listener: Listener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Applies a partial config from the API. Secrets sent back as the placeholder keep their value. */
  patch(partial: unknown): Config {
    return this.apply(mergeConfig(this.fileConfig, keepSecrets(partial)));
  }

  /** Replaces the whole config from the API; missing keys take their defaults. */
  replace(full: unknown): Config {
    const withSecrets = keepSecrets(full, this.fileConfig);
    return this.apply(mergeConfig(defaultConfig(), withSecrets));
  }

  private apply({ config, problems }: { config: Config; problems: ConfigProblem[] }): Config {
    if (problems.length) throw configInvalid(problems);
    // The database cannot be switched under a running server: SqlSettings change only in config.json.
    // Keys set by MM_* variables keep their file value: the API shows the effective value, and a
    // client sending it back must not copy the environment into config.json (as in Mattermost).
    const keep: Record<string, Record<string, unknown>> = { SqlSettings: { ...this.fileConfig.SqlSettings } };
    const file = this.fileConfig as unknown as Record<string, Record<string, unknown>>;
    for (const [section, key] of envOverriddenKeys(this.env)) (keep[section] ??= {})[key] = file[section][key];
    const next = mergeConfig(config, keep).config;
    const previous = this.effective;
    this.fileConfig = next;
    this.effective = applyEnv(next, this.env);
    if (this.path) writeConfigFile(this.path, next);
    for (const l of this.listeners) l(this.effective, previous);
    return this.effective;
  }
}

/** [section, key] of every schema key that an MM_<SECTION>_<KEY> variable sets. */
function envOverriddenKeys(env: Record<string, string | undefined>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [section, keys] of Object.entries(CONFIG_SCHEMA)) {
    for (const key of Object.keys(keys)) if (env[`MM_${section}_${key}`.toUpperCase()] !== undefined) out.push([section, key]);
  }
  return out;
}

function applyEnv(base: Config, env: Record<string, string | undefined>): Config {
  const overrides: Record<string, Record<string, unknown>> = {};
  for (const [section, keys] of Object.entries(CONFIG_SCHEMA)) {
    for (const [key, spec] of Object.entries(keys as Record<string, KeySpec>)) {
      const raw = env[`MM_${section}_${key}`.toUpperCase()];
      if (raw === undefined) continue;
      (overrides[section] ??= {})[key] = parseEnvValue(spec, raw);
    }
  }
  const { config, problems } = mergeConfig(base, overrides);
  if (problems.length) {
    const named = problems.map((p) => ({ ...p, key: `MM_${p.key.replace('.', '_').toUpperCase()} (${p.key})` }));
    throw new ConfigError(named, 'environment');
  }
  return config;
}

function keepSecrets(input: unknown, stored?: Config): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const copy: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [section, keys] of Object.entries(CONFIG_SCHEMA)) {
    const given = copy[section];
    if (typeof given !== 'object' || given === null || Array.isArray(given)) continue;
    const sectionCopy: Record<string, unknown> = { ...(given as Record<string, unknown>) };
    for (const [key, spec] of Object.entries(keys as Record<string, KeySpec>)) {
      if (spec.type !== 'string' || !spec.secret || sectionCopy[key] !== SECRET_PLACEHOLDER) continue;
      if (stored) sectionCopy[key] = (stored as unknown as Record<string, Record<string, unknown>>)[section][key];
      else delete sectionCopy[key];
    }
    copy[section] = sectionCopy;
  }
  return copy;
}

/** The config as shown to admins: secrets replaced by the placeholder. */
export function sanitizeConfig(config: Config): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [section, keys] of Object.entries(CONFIG_SCHEMA)) {
    out[section] = { ...(config as unknown as Record<string, Record<string, unknown>>)[section] };
    for (const [key, spec] of Object.entries(keys as Record<string, KeySpec>)) {
      if (spec.type === 'string' && spec.secret && out[section][key] !== '') out[section][key] = SECRET_PLACEHOLDER;
    }
  }
  return out;
}

function configInvalid(problems: ConfigProblem[]): AppError {
  const first = problems[0];
  const [section = 'config', key = ''] = first.key.split('.');
  const id = `model.config.is_valid.${(section + (key ? '_' + key : '')).toLowerCase()}.app_error`;
  return invalid(id, `Invalid configuration: ${first.key} ${first.message}.`, formatProblems(problems));
}

function writeConfigFile(path: string, config: Config) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}
