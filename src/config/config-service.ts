// Loads the configuration from its source (config.json) plus MM_<SECTION>_<KEY> overrides,
// validates it, and applies changes made through the API: each change yields a new frozen Config,
// is saved to the source, and is announced to listeners, so no restart is needed.
import { AppError, invalid } from '../domain/errors.js';
import { CONFIG_SCHEMA, SECRET_PLACEHOLDER, type Config, type KeySpec } from './schema.js';
import { defaultConfig, formatProblems, mergeConfig, parseEnvValue, type ConfigProblem } from './validate.js';
import { ConfigError } from './config-error.js';
import type { ConfigSource } from './config-source.js';
import { FileConfigSource } from './file-config-source.js';

type Listener = (next: Config, previous: Config) => void;

export class ConfigService {
  private fileConfig: Config;
  private effective: Config;
  private listeners: Listener[] = [];
  /** The last save, so the next one waits for it: saves reach the source in the order made. */
  private saved: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly source: ConfigSource | null,
    fileConfig: Config,
    private readonly env: Record<string, string | undefined>,
  ) {
    this.fileConfig = fileConfig;
    this.effective = applyEnv(fileConfig, env);
  }

  /**
   * Reads the config from `source`, storing the defaults there on first start. Throws ConfigError
   * naming every bad key.
   */
  static async open(source: ConfigSource, env: Record<string, string | undefined> = process.env): Promise<ConfigService> {
    let fileConfig = defaultConfig();
    const stored = await source.load();
    if (stored !== undefined) {
      const { config, problems } = mergeConfig(fileConfig, stored);
      if (problems.length) throw new ConfigError(problems, source.name);
      fileConfig = config;
    } else {
      await source.save(fileConfig);
    }
    return new ConfigService(source, fileConfig, env);
  }

  /** `open` with config.json at `path`. */
  static load(path: string, env: Record<string, string | undefined> = process.env): Promise<ConfigService> {
    return ConfigService.open(new FileConfigSource(path), env);
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
  patch(partial: unknown): Promise<Config> {
    return this.apply(mergeConfig(this.fileConfig, keepSecrets(partial)));
  }

  /** Replaces the whole config from the API; missing keys take their defaults. */
  replace(full: unknown): Promise<Config> {
    const withSecrets = keepSecrets(full, this.fileConfig);
    return this.apply(mergeConfig(defaultConfig(), withSecrets));
  }

  private async apply({ config, problems }: { config: Config; problems: ConfigProblem[] }): Promise<Config> {
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
    const effective = this.effective;
    if (this.source) {
      const source = this.source;
      const saving = this.saved.catch(() => {}).then(() => source.save(next));
      this.saved = saving;
      await saving;
    }
    for (const l of this.listeners) l(effective, previous);
    return effective;
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
