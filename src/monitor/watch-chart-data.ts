import type { ErrorRateChartInput } from '../charts/error-rate-input.js';
import type { WatchStore } from '../db/repos/watch-repo.js';

/**
 * What a watch's error-rate chart is drawn from: its release, settings and stored samples up to `until`.
 * Undefined when there is nothing to draw (no such watch, or no measured sample: an Alertmanager-only watch).
 */
export async function watchChartInput(
  store: Pick<WatchStore, 'get' | 'release' | 'charts'>,
  watchId: number,
  until?: number,
): Promise<ErrorRateChartInput | undefined> {
  const w = await store.get(watchId);
  const release = w && (await store.release(w.releaseId));
  if (!w || !release) return undefined;
  const samples = await store.charts.samples(watchId, until);
  if (samples.length === 0) return undefined;
  return {
    service: release.service,
    version: release.version,
    env: release.env,
    deployedAt: release.deployedAt ?? w.startedAt,
    threshold: w.settings.threshold,
    minRequests: w.settings.minRequests,
    intervalMs: w.settings.intervalMs,
    samples,
  };
}
