/** The bench's figures and how they print: a table for people, one JSON object for machines. */

export interface Figure {
  /** Section number of issue 6 (1 extraction, 2 memory, ...). */
  section: number;
  name: string;
  unit: string;
  ours: number | undefined;
  /** The bound we measure against (bare ffmpeg, a baseline) when there is one. */
  reference?: number;
  /** Human-readable target, e.g. `≤ 1.10`. */
  target?: string;
  /** Judged value against the target: undefined when the figure is informational. */
  pass?: boolean;
  note?: string;
}

/** A target as a predicate and its label. */
export interface Target {
  label: string;
  test: (value: number) => boolean;
}

export const atMost = (limit: number, unit = ''): Target => ({
  label: `≤ ${limit}${unit}`,
  test: (value) => value <= limit,
});
export const atLeast = (limit: number, unit = ''): Target => ({
  label: `≥ ${limit}${unit}`,
  test: (value) => value >= limit,
});
export const exactly = (expected: number): Target => ({
  label: `= ${expected}`,
  test: (value) => value === expected,
});

/** Builds a figure; `judged` is the value the target applies to (defaults to `ours`). */
export function figure(
  fields: Omit<Figure, 'pass' | 'target'>,
  target?: Target,
  judged: number | undefined = fields.ours,
): Figure {
  if (!target) return fields;
  return { ...fields, target: target.label, pass: judged === undefined ? false : target.test(judged) };
}

function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '-';
  const magnitude = Math.abs(value);
  if (magnitude === 0) return '0';
  if (magnitude >= 1000) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 0.01) return value.toFixed(3);
  return value.toExponential(2);
}

export function ratio(ours: number | undefined, reference: number | undefined): number | undefined {
  if (ours === undefined || reference === undefined || reference === 0) return undefined;
  return ours / reference;
}

/** A markdown table, readable in a terminal and pasteable into README/RESULTS.md. */
export function formatTable(figures: Figure[]): string {
  const header = ['#', 'figure', 'unit', 'ours', 'reference', 'ratio', 'target', 'result'];
  const rows = figures.map((f) => [
    String(f.section),
    f.note ? `${f.name} (${f.note})` : f.name,
    f.unit,
    formatNumber(f.ours),
    formatNumber(f.reference),
    formatNumber(ratio(f.ours, f.reference)),
    f.target ?? '',
    f.pass === undefined ? '' : f.pass ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
