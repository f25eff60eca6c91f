/** Every benchmark returns rows compared against a baseline measured in the same run (never absolute gates). */
export interface BenchRow {
  metric: string;
  value: number;
  baseline: number;
  unit: string;
  /** value / baseline (how many times the baseline this is). */
  ratio: number;
  note?: string;
}
export interface BenchReport {
  name: string;
  rows: BenchRow[];
}
export const row = (
  metric: string,
  value: number,
  baseline: number,
  unit: string,
  note?: string,
): BenchRow => ({
  metric,
  value,
  baseline,
  unit,
  ratio: baseline === 0 ? Number.NaN : value / baseline,
  ...(note ? { note } : {}),
});

/** The p-th percentile of `xs` (nearest rank). */
export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
