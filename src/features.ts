import type { Bot } from './bot.js';
import { buildReleaseRecord, renderReleaseMarkdown } from './domain/export.js';
import { createMaintenanceService } from './domain/maintenance.js';
import { createCertificateCheck } from './jobs/certificate-job.js';
import type { JobDeps } from './jobs/job-deps.js';
import { createMaintenanceJobs } from './jobs/maintenance-jobs.js';
import { createMaintenanceCommand } from './jobs/run-maintenance-now.js';
import { createScheduler } from './jobs/scheduler.js';
import { ALERTMANAGER_PATH, createAlertmanagerHandler } from './monitor/alertmanager-route.js';
import { createWatchService } from './monitor/watch-service.js';
import { createSlackProbeRunner } from './probes/run-for-slack.js';
import { registerMaintenanceActions } from './slack/listeners/maintenance-actions.js';
import { registerWatchActions } from './slack/listeners/watch-actions.js';

/**
 * Wires the features around the release thread — maintenance schedules, probes, the post-deploy watch,
 * export and metrics — into a bot before it starts. Invalid schedules throw here, before anything listens.
 */
export async function installFeatures(bot: Bot): Promise<void> {
  const { db, clock, config, checklist, logger, poster, authorizer, threads } = bot.deps;

  bot.extend({
    hooks: {
      exportMarkdown: (id) =>
        renderReleaseMarkdown(buildReleaseRecord(db, checklist, id), { timeZone: config.file.timezone }),
      runProbes: createSlackProbeRunner({
        db,
        clock,
        config,
        checklist,
        poster,
        logger,
        onReleaseChanged: (id) => threads.refresh(id),
        onReport: (r) => {
          bot.metrics.probeRuns.inc({ outcome: r.summary.fail ? 'fail' : 'pass' });
          bot.metrics.probeDuration.observe(r.durationMs / 1000);
        },
      }),
    },
  });

  const maintenance = createMaintenanceService({ db, clock, checklist, config });
  const jobDeps: JobDeps = { db, clock, poster, config, checklist, logger, maintenance };
  const isAdmin = (userId: string) => authorizer.isAllowed(userId, config.file.admins);
  const scheduler = createScheduler({
    db,
    clock,
    logger,
    jobs: createMaintenanceJobs({
      ...jobDeps,
      checkCertificate: createCertificateCheck(config.file.probes),
    }),
  });
  bot.extend({
    hooks: { maintenance: createMaintenanceCommand(jobDeps, isAdmin) },
    register: (app) => registerMaintenanceActions(app, { ...jobDeps, isAdmin }),
    onStart: () => scheduler.start(),
    onStop: () => scheduler.stop(),
  });

  const watch = createWatchService({
    db,
    clock,
    poster,
    config,
    checklist,
    logger,
    onReleaseChanged: (id) => threads.refresh(id),
    onSample: (result) => bot.metrics.watchSamples.inc({ result }),
  });
  const alertmanager = config.file.alertmanager;
  bot.extend({
    hooks: {
      onDeployed: async (releaseId, userId) => {
        await watch.start(releaseId, userId);
      },
    },
    register: (app) => registerWatchActions(app, { watchService: watch, logger }),
    ...(alertmanager
      ? {
          routes: [
            {
              path: ALERTMANAGER_PATH,
              method: ['POST'],
              handler: createAlertmanagerHandler({ token: alertmanager.token, watchService: watch, logger }),
            },
          ],
        }
      : {}),
    onStart: () => watch.resumeAll(),
    onStop: async () => {
      watch.stop();
      await watch.settled();
    },
  });
}
