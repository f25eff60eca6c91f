import type { ErrorRateChartInput } from '../charts/error-rate-input.js';
import type { ReleaseRecord, WatchRecord } from './export-types.js';

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** What a watch's chart in the exported record is drawn from; undefined when the watch measured nothing. */
export function exportChartInput(record: ReleaseRecord, w: WatchRecord): ErrorRateChartInput | undefined {
  if (w.samples.length === 0) return undefined;
  const r = record.release;
  return {
    service: r.service,
    version: r.version,
    env: r.env,
    deployedAt: r.deployedAt ?? w.startedAt,
    threshold: num(w.settings.threshold, 0),
    minRequests: num(w.settings.minRequests, 1),
    intervalMs: num(w.settings.intervalMs, 30_000),
    samples: w.samples,
  };
}

/** The chart image's file name beside an exported `record.md`: `record-error-rate.png` (one per watch). */
export function exportChartFile(outFile: string, watchId: number, watches: number): string {
  const base = outFile.replace(/\.(md|markdown)$/i, '');
  return `${base}-error-rate${watches > 1 ? `-${watchId}` : ''}.png`;
}
