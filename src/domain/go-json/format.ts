// Prints a decoded JSON value the way Go's fmt "%v" does, because Mattermost stores attachment field
// values in that form and integrations already rely on how numbers, lists and maps come out.

/** Orders strings by UTF-8 bytes (= code points), as Go sorts map keys; JS's default sort uses UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}

/**
 * Go's %v for a float64 is %g with the shortest round-tripping digits, switching to exponent form
 * when the decimal exponent is below -4 or at least 6 (not 21 as in JavaScript).
 */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const abs = Math.abs(n);
  // Decimal exponent in [-4, 6): JavaScript already prints plain decimal with the shortest digits.
  if (abs >= 1e-4 && abs < 1e6) return String(n);
  if (Number.isInteger(n) && abs < 1e21) {
    // Below 1e21 JavaScript prints an integer as its shortest digits followed by zeros, which gives
    // the exponent form without toExponential (several times slower; replies may hold many numbers).
    const digits = String(abs);
    const significant = digits.replace(/0+$/, '');
    const fraction = significant.length > 1 ? `.${significant.slice(1)}` : '';
    return `${n < 0 ? '-' : ''}${significant[0]}${fraction}e+${String(digits.length - 1).padStart(2, '0')}`;
  }
  const [mantissa, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

export function formatGoValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatGoFloat(v);
  if (Array.isArray(v)) return `[${v.map(formatGoValue).join(' ')}]`;
  if (typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj).sort(compareCodePoints);
    return `map[${keys.map((k) => `${k}:${formatGoValue(obj[k])}`).join(' ')}]`;
  }
  return String(v);
}
