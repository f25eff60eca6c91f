import type { Dispatcher } from 'undici';
import { monitorSettingsSchema, type ServiceConfig } from '../config.js';
import type { WatchSettings } from '../db/repos/watch-repo.js';
import type { DetectorSettings } from './detector.js';
import type { ErrorRateSource } from './error-rate-source.js';
import { createMetricsScrapeSource } from './sources/metrics-scrape.js';
import { createPrometheusSource } from './sources/prometheus.js';

const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

/**
 * The settings a watch keeps for its whole life. Source URLs and headers are not copied: headers may hold
 * credentials, which stay in the config (and out of the database); the source is rebuilt from it.
 */
export function watchSettingsFor(service: ServiceConfig, startedAt: number): WatchSettings {
  // A service without `monitor` still gets a health-only watch with the default timings.
  const m = service.monitor ?? monitorSettingsSchema.parse({ source: { type: 'alertmanager' } });
  const sourceType = service.monitor ? m.source.type : 'none';
  const intervalMs = m.intervalSeconds * 1000;
  const windowMs = m.windowMinutes * 60_000;
  const sourceLabel =
    m.source.type === 'prometheus'
      ? `Prometheus (${new URL(m.source.url).host})`
      : m.source.type === 'metrics'
        ? `${new URL(m.source.url).host}${new URL(m.source.url).pathname}`
        : 'Alertmanager';
  return {
    threshold: m.threshold,
    consecutive: m.consecutive,
    minRequests: m.minRequests,
    repeatMs: m.repeatMinutes * 60_000,
    endsAt: startedAt + windowMs,
    hardEndsAt: startedAt + 2 * windowMs,
    sampled: sourceType === 'prometheus' || sourceType === 'metrics',
    intervalMs,
    windowMinutes: m.windowMinutes,
    sourceType,
    sourceLabel,
    healthUrl: joinUrl(service.baseUrl, m.healthPath),
  };
}

export const detectorSettings = (s: WatchSettings): DetectorSettings => ({
  threshold: s.threshold,
  consecutive: s.consecutive,
  minRequests: s.minRequests,
  repeatMs: s.repeatMs,
  endsAt: s.endsAt,
  hardEndsAt: s.hardEndsAt,
  sampled: s.sampled,
});

export function sourceFor(
  service: ServiceConfig | undefined,
  settings: WatchSettings,
  memo: Record<string, unknown> | undefined,
  dispatcher: Dispatcher | undefined,
): ErrorRateSource | undefined {
  const src = service?.monitor?.source;
  if (!settings.sampled) return undefined;
  const timeoutMs = Math.min(settings.intervalMs, 10_000);
  if (src?.type === 'prometheus')
    return createPrometheusSource({
      url: src.url,
      query: src.query,
      requestsQuery: src.requestsQuery,
      selector: src.selector,
      headers: src.headers,
      intervalSeconds: settings.intervalMs / 1000,
      previous: memo as { counters?: Record<string, number>; at?: number } | undefined,
      dispatcher,
      timeoutMs,
    });
  if (src?.type === 'metrics')
    return createMetricsScrapeSource({
      url: src.url,
      metric: src.metric,
      statusLabel: src.statusLabel,
      headers: src.headers,
      previous: memo?.counters as Record<string, number> | undefined,
      previousAt: typeof memo?.at === 'number' ? memo.at : undefined,
      dispatcher,
      timeoutMs,
    });
  return {
    description: settings.sourceLabel,
    sample: async () => ({ unavailable: 'the service or its monitor source is no longer in the config' }),
  };
}
