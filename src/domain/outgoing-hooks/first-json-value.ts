// Finds where the first JSON value of a reply body ends, because Go's decoder reads one value and
// ignores whatever follows it, while JSON.parse insists on the whole text.

export const isJsonSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export type FirstValue =
  | { kind: 'empty' }
  | { kind: 'incomplete' }
  | { kind: 'too_deep' }
  | { kind: 'value'; text: string };

/**
 * Deepest nesting of objects and arrays accepted in a reply. Go stops at 10000, but a value that deep
 * overflows V8's stack when it is serialised again (JSON.stringify fails near 4000 levels), and the
 * delivery would then throw instead of being recorded. Request bodies have the same limit
 * (MAX_JSON_DEPTH); no real reply comes close.
 */
export const REPLY_MAX_DEPTH = 64;

function skipString(s: string, i: number): number {
  // i points at the opening quote; returns the index after the closing quote, or -1.
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
  }
  return -1;
}

const LITERAL_END = /[\s,:\]}[{"]/;

/**
 * Locates the first value without fully validating it: JSON.parse of the returned slice does that.
 * A value is complete once its closing bracket or quote has been seen; a bare literal or number ends
 * at the first delimiter or at the end of the text, as Go's scanner decides.
 */
export function firstJsonValue(s: string): FirstValue {
  let i = 0;
  while (i < s.length && isJsonSpace(s[i])) i++;
  if (i === s.length) return { kind: 'empty' };
  const start = i;
  const first = s[i];
  if (first === '"') {
    const end = skipString(s, i);
    return end < 0 ? { kind: 'incomplete' } : { kind: 'value', text: s.slice(start, end) };
  }
  if (first === '{' || first === '[') {
    let depth = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === '"') {
        i = skipString(s, i);
        if (i < 0) return { kind: 'incomplete' };
        continue;
      }
      if (c === '{' || c === '[') {
        if (++depth > REPLY_MAX_DEPTH) return { kind: 'too_deep' };
      } else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return { kind: 'value', text: s.slice(start, i + 1) };
      }
      i++;
    }
    return { kind: 'incomplete' };
  }
  // Go's scanner ends a literal at its last letter, so "nullx" still decodes as null.
  for (const literal of ['null', 'true', 'false']) {
    if (s.startsWith(literal, i)) return { kind: 'value', text: literal };
  }
  while (i < s.length && !LITERAL_END.test(s[i])) i++;
  return { kind: 'value', text: s.slice(start, i) };
}
