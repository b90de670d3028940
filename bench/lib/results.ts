/**
 * One result row, as written to bench/results.json and printed in the table.
 *
 * `ratio` says how many times better the measured path is than its control: value/control for
 * a throughput, control/value for a latency or a memory figure. Above 1 the measured path
 * wins. `target` is the target for the row in words, `met` whether it was reached
 * (null: the row has no target).
 */
export interface Row {
  scenario: string;
  metric: string;
  unit: string;
  value: number | null;
  control: number | null;
  ratio: number | null;
  target: string | null;
  met: boolean | null;
}

export type Better = 'higher' | 'lower';

export function row(
  scenario: string,
  metric: string,
  unit: string,
  value: number | null,
  control: number | null,
  better: Better | null,
  target?: { text: string; met: (value: number, ratio: number | null) => boolean },
): Row {
  let ratio: number | null = null;
  if (better && value !== null && control !== null && value > 0 && control > 0) ratio = better === 'higher' ? value / control : control / value;
  return {
    scenario,
    metric,
    unit,
    value,
    control,
    ratio,
    target: target?.text ?? null,
    met: target && value !== null ? target.met(value, ratio) : null,
  };
}

export function skippedRow(scenario: string, metric: string): Row {
  return { scenario, metric, unit: '', value: null, control: null, ratio: null, target: null, met: null };
}

function num(v: number | null, unit = ''): string {
  if (v === null || Number.isNaN(v)) return '—';
  if (unit === 'bool') return v ? 'yes' : 'no';
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const s = v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit ? `${s} ${unit}` : s;
}

function ratioText(r: number | null): string {
  if (r === null) return '—';
  return `${r >= 100 ? Math.round(r).toLocaleString('en-US') : r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}

/** The one table: Markdown, so that it can be pasted into BENCHMARKS.md as it is. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['scenario', 'metric', 'value', 'control', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [
    r.scenario,
    r.metric,
    num(r.value, r.unit),
    num(r.control, r.unit),
    ratioText(r.ratio),
    r.target ?? '',
    r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [fmt(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...lines.map(fmt)].join('\n');
}
