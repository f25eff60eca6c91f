import { type CheckCertificate, checkCertificates } from './certificate-job.js';
import type { JobDeps } from './job-deps.js';
import { postMaintenanceCycle, postReminder } from './maintenance-cycle-job.js';
import { nudgeOpenItems } from './nudge-job.js';
import type { ScheduledJob } from './scheduler.js';

export const NUDGE_JOB_ID = 'maintenance:nudges';
export const CERT_JOB_ID = 'certificates';
export const scheduleJobId = (scheduleId: string) => `schedule:${scheduleId}`;

/**
 * The scheduled jobs for the configured maintenance schedules, hourly nudges and the daily certificate
 * check (only when a certificate reader is wired and some service is https). Pass them to createScheduler.
 */
export function createMaintenanceJobs(
  deps: JobDeps & { checkCertificate?: CheckCertificate | undefined },
): ScheduledJob[] {
  const file = deps.config.file;
  const jobs: ScheduledJob[] = file.maintenance.schedules.map((s, i) => ({
    id: scheduleJobId(s.id),
    cron: s.cron,
    timezone: s.timezone ?? file.timezone,
    cronField: `maintenance.schedules[${i}].cron`,
    timezoneField: s.timezone ? `maintenance.schedules[${i}].timezone` : 'timezone',
    run: async (ctx) => {
      if (s.kind === 'reminder') await postReminder(deps, s, ctx, ctx);
      else await postMaintenanceCycle(deps, s, ctx, ctx);
    },
  }));
  jobs.push({
    id: NUDGE_JOB_ID,
    cron: '0 * * * *',
    timezone: file.timezone,
    cronField: 'maintenance.nudgeAfterDays',
    timezoneField: 'timezone',
    run: async () => {
      await nudgeOpenItems(deps);
    },
  });
  const check = deps.checkCertificate;
  if (check && file.services.some((s) => s.baseUrl.startsWith('https:')))
    jobs.push({
      id: CERT_JOB_ID,
      cron: file.maintenance.certificateCron,
      timezone: file.timezone,
      cronField: 'maintenance.certificateCron',
      timezoneField: 'timezone',
      run: () => checkCertificates({ ...deps, checkCertificate: check }),
    });
  return jobs;
}
