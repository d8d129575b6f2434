// Finds where the first JSON value of a reply body ends, because Go's decoder reads one value and
// ignores whatever follows it, while JSON.parse insists on the whole text. On the way it counts the
// values inside, so a reply made of hundreds of thousands of tiny values can be refused before
// JSON.parse spends a long time building them all.

export const isJsonSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export type FirstValue =
  | { kind: 'empty' }
  | { kind: 'incomplete' }
  | { kind: 'too_deep' }
  /** `values`: the value itself plus every member and element inside it, at any depth. */
  | { kind: 'value'; text: string; values: number };

/**
 * Deepest nesting of objects and arrays the server reads, in integration replies and request bodies
 * alike. Go stops at 10000, but a value that deep overflows V8's stack when it is serialised again
 * (JSON.stringify fails near 4000 levels): a delivery would throw instead of being recorded, a saved
 * body could exhaust the stack. No real reply or body comes close.
 */
export const MAX_JSON_DEPTH = 64;

function skipString(s: string, i: number): number {
  // i points at the opening quote; returns the index after the closing quote, or -1. Jumps from
  // quote to quote (a reply is mostly long strings): a quote closes the string unless an odd
  // number of backslashes escapes it. Each backslash is looked at once, so this stays linear.
  for (let from = i + 1; ; ) {
    const q = s.indexOf('"', from);
    if (q < 0) return -1;
    let backslashes = 0;
    while (s.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

const LITERAL_END = /[\s,:\]}[{"]/;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const isSpaceCode = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * Locates the first value without fully validating it: JSON.parse of the returned slice does that.
 * A value is complete once its closing bracket or quote has been seen; a bare literal or number ends
 * at the first delimiter or at the end of the text, as Go's scanner decides. The count of values is
 * exact for valid JSON (a member is counted at its colon, an array element at the comma before it
 * or as the first thing after "["); for invalid JSON it is only what the scan saw.
 */
export function firstJsonValue(s: string): FirstValue {
  let i = 0;
  while (i < s.length && isJsonSpace(s[i])) i++;
  if (i === s.length) return { kind: 'empty' };
  const start = i;
  const first = s[i];
  if (first === '"') {
    const end = skipString(s, i);
    return end < 0 ? { kind: 'incomplete' } : { kind: 'value', text: s.slice(start, end), values: 1 };
  }
  if (first === '{' || first === '[') {
    const inArray: boolean[] = []; // one entry per open container
    let values = 1;
    let arrayJustOpened = false;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (arrayJustOpened && !isSpaceCode(c)) {
        arrayJustOpened = false;
        if (c !== CLOSE_ARRAY) values++;
      }
      if (c === QUOTE) {
        i = skipString(s, i);
        if (i < 0) return { kind: 'incomplete' };
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (inArray.length === MAX_JSON_DEPTH) return { kind: 'too_deep' };
        inArray.push(c === OPEN_ARRAY);
        arrayJustOpened = c === OPEN_ARRAY;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        inArray.pop();
        if (inArray.length === 0) return { kind: 'value', text: s.slice(start, i + 1), values };
      } else if (c === COLON || (c === COMMA && inArray[inArray.length - 1])) {
        values++;
      }
      i++;
    }
    return { kind: 'incomplete' };
  }
  // Go's scanner ends a literal at its last letter, so "nullx" still decodes as null.
  for (const literal of ['null', 'true', 'false']) {
    if (s.startsWith(literal, i)) return { kind: 'value', text: literal, values: 1 };
  }
  while (i < s.length && !LITERAL_END.test(s[i])) i++;
  return { kind: 'value', text: s.slice(start, i), values: 1 };
}
