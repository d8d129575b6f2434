// What every benchmark scenario reports, how a target reads, and the readable table.
// A target with a unit ("<= 20 ms", "<= 256 MB") judges the figure; one without ("<= 2", ">= 0.5")
// judges the ratio figure / baseline. A scenario without a target is information only.

export interface Scenario {
  name: string;
  /** Switchboard's figure; null when it could not be measured (the notes say why). */
  figure: number | null;
  unit: string;
  /** The same quantity measured in the same run by the baseline the scenario names. */
  baseline: number | null;
  /** figure / baseline. */
  ratio: number | null;
  /** The pass condition, e.g. ">= 0.5" (on the ratio) or "<= 20 ms" (on the figure); null = no target. */
  target: string | null;
}

/** Builds a scenario, computing the ratio from the figure and the baseline. */
export function scenario(name: string, figure: number | null, unit: string, baseline: number | null, target: string | null): Scenario {
  const ratio = figure !== null && baseline !== null && baseline !== 0 && Number.isFinite(figure) && Number.isFinite(baseline) ? figure / baseline : null;
  return { name, figure: finite(figure), unit, baseline: finite(baseline), ratio: finite(ratio), target };
}

const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

const TARGET = /^(<=|>=|<|>)\s*([0-9.]+)\s*(.*)$/;

/** true / false when the target can be judged, null when there is none or the figure is missing. */
export function targetMet(s: Scenario): boolean | null {
  if (s.target === null) return null;
  const m = TARGET.exec(s.target.trim());
  if (!m) return null;
  const [, op, limitText, unit] = m;
  const value = unit.trim() === '' ? s.ratio : s.figure;
  if (value === null) return false; // a figure that could not be measured meets nothing
  const limit = Number(limitText);
  return op === '<=' ? value <= limit : op === '>=' ? value >= limit : op === '<' ? value < limit : value > limit;
}

export const isScenario = (x: unknown): x is Scenario =>
  typeof x === 'object' && x !== null && typeof (x as Scenario).name === 'string' && 'figure' in x && 'baseline' in x && 'target' in x;

/** Three significant digits, no exponent. */
export function formatNumber(x: number | null): string {
  if (x === null) return '—';
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(x).toLocaleString('en');
  if (abs >= 100) return x.toFixed(0);
  if (abs >= 10) return x.toFixed(1);
  if (abs >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

export function table(scenarios: Scenario[]): string {
  const rows = scenarios.map((s) => {
    const met = targetMet(s);
    return [
      s.name,
      `${formatNumber(s.figure)} ${s.unit}`,
      `${formatNumber(s.baseline)} ${s.baseline === null ? '' : s.unit}`.trim(),
      s.ratio === null ? '—' : `${formatNumber(s.ratio)}×`,
      s.target ?? '—',
      met === null ? '' : met ? 'met' : 'NOT MET',
    ];
  });
  const head = ['scenario', 'Switchboard', 'baseline', 'ratio', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 4 || i === 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
