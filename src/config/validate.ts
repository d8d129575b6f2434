// Turns untrusted config input (config.json, MM_* variables, API bodies) into a complete, valid,
// frozen Config, or a list of problems that each name the key at fault.
import { CONFIG_SCHEMA, type Config, type KeySpec } from './schema.js';

export interface ConfigProblem {
  key: string; // Section.Key
  message: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkValue(spec: KeySpec, value: unknown): string | null {
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
      return value < spec.min || value > spec.max ? `must be between ${spec.min} and ${spec.max}` : null;
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (spec.values && !spec.values.includes(value)) return `must be one of ${spec.values.join(', ')}`;
      if (spec.pattern && !spec.pattern.test(value)) return 'has an invalid format';
      return null;
    case 'integer-list':
      if (!Array.isArray(value)) return 'must be a list of whole numbers';
      if (value.length > spec.maxItems) return `must have at most ${spec.maxItems} entries`;
      return value.every((n) => Number.isInteger(n) && n >= spec.min && n <= spec.max)
        ? null
        : `entries must be whole numbers between ${spec.min} and ${spec.max}`;
  }
}

/**
 * Overlays `input` on `base` key by key. Unknown sections and keys are ignored (as Mattermost does);
 * known keys with a bad value are reported.
 */
export function mergeConfig(base: Config, input: unknown): { config: Config; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const out: Record<string, Record<string, unknown>> = {};
  const source = isPlainObject(input) ? input : {};
  for (const [section, keys] of Object.entries(CONFIG_SCHEMA)) {
    const given = source[section];
    if (given !== undefined && !isPlainObject(given)) problems.push({ key: section, message: 'must be an object' });
    const sectionInput = isPlainObject(given) ? given : {};
    out[section] = { ...(base as Record<string, Record<string, unknown>>)[section] };
    for (const [key, spec] of Object.entries(keys as Record<string, KeySpec>)) {
      if (!(key in sectionInput)) continue;
      const value = sectionInput[key];
      const problem = checkValue(spec, value);
      if (problem) problems.push({ key: `${section}.${key}`, message: problem });
      else out[section][key] = Array.isArray(value) ? [...value] : value;
    }
  }
  return { config: freezeConfig(out as unknown as Config), problems };
}

export function defaultConfig(): Config {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [section, keys] of Object.entries(CONFIG_SCHEMA)) {
    out[section] = {};
    for (const [key, spec] of Object.entries(keys as Record<string, KeySpec>)) {
      out[section][key] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
    }
  }
  return freezeConfig(out as unknown as Config);
}

function freezeConfig(c: Config): Config {
  for (const section of Object.values(c)) {
    for (const v of Object.values(section)) if (Array.isArray(v)) Object.freeze(v);
    Object.freeze(section);
  }
  return Object.freeze(c);
}

/** Parses one MM_<SECTION>_<KEY> value according to the key's type. */
export function parseEnvValue(spec: KeySpec, raw: string): unknown {
  switch (spec.type) {
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'integer':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case 'integer-list':
      try {
        return JSON.parse(raw);
      } catch {
        return raw;
      }
    case 'string':
      return raw;
  }
}

export const formatProblems = (problems: ConfigProblem[]) =>
  problems.map((p) => `${p.key} ${p.message}`).join('; ');
