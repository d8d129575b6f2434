// Which member of a parsed JSON object a field reads. Go has two rules, and Switchboard uses both:
// decoding into a struct, a field takes the key spelled like its name or else a case-insensitive
// match (integration bodies: hook definitions, webhook replies, as Mattermost reads them); decoding
// into a map, only the exact key counts (the API's own bodies, read in http/request-input.ts).

export type JsonObject = Record<string, unknown>;

export const isJsonObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// Go folds keys with Unicode simple folding; toLowerCase covers it except the long s (U+017F).
const fold = (key: string): string => key.toLowerCase().replace(/\u017f/g, 's');

/**
 * Go prefers a key spelled exactly like the field name and otherwise takes a case-insensitive match;
 * among several case-insensitive spellings the last one in the object wins, as in Go.
 */
export function goField(obj: JsonObject, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const want = fold(name);
  let found: unknown = undefined;
  for (const key of Object.keys(obj)) if (fold(key) === want) found = obj[key];
  return found;
}

/** The member with exactly this key; never one the object inherits (`constructor`, `__proto__`). */
export const exactField = (obj: JsonObject, name: string): unknown => (Object.hasOwn(obj, name) ? obj[name] : undefined);
