import { z } from 'zod';

const labels = z.record(z.string(), z.string());

/** Alertmanager webhook body, version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export const alertmanagerPayloadSchema = z.object({
  version: z.string().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupLabels: labels.default({}),
  commonLabels: labels.default({}),
  commonAnnotations: labels.default({}),
  externalURL: z.string().optional(),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: labels.default({}),
        annotations: labels.default({}),
        startsAt: z.string().optional(),
        endsAt: z.string().optional(),
        generatorURL: z.string().optional(),
        fingerprint: z.string().optional(),
      }),
    )
    .max(500),
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;
export type Alert = AlertmanagerPayload['alerts'][number];

/** Which service an alert is about: `service`, else `job`, else `app` (common Prometheus conventions). */
export const serviceLabel = (a: Alert, common: Record<string, string>): string | undefined =>
  a.labels.service ?? a.labels.job ?? a.labels.app ?? common.service ?? common.job ?? common.app;

/** Stable per alert, even when an older Alertmanager leaves out `fingerprint`. */
export const fingerprintOf = (a: Alert): string =>
  a.fingerprint ??
  Object.keys(a.labels)
    .sort()
    .map((k) => `${k}=${a.labels[k]}`)
    .join(',');
