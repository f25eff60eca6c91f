import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock.js';
import { isTimeZone } from '../config.js';
import { type CronSpec, parseSchedule } from '../cron-expression.js';
import type { Db } from '../db/client.js';
import { createJobLedger } from '../db/repos/job-ledger-repo.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { type Fire, nextFire, previousFire } from './cron-periods.js';

export interface JobContext {
  periodKey: string;
  /** Epoch ms the period was scheduled for. */
  scheduledAt: number;
  /** Scheduled local wall-clock time, `2026-03-01 09:00`, for messages. */
  wall: string;
  timezone: string;
  /**
   * True for a catch-up run (its time passed before this process started: the bot was offline), or
   * when the run starts more than `lateAfterMs` after its time (a retry after a failed post).
   */
  late: boolean;
}

export interface ScheduledJob {
  /** Ledger key: each (id, period) runs once. */
  id: string;
  cron: string;
  timezone: string;
  /** Config paths named in validation errors, e.g. `maintenance.schedules[1].cron`. */
  cronField: string;
  timezoneField: string;
  run(ctx: JobContext): Promise<void>;
}

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  jobs: readonly ScheduledJob[];
  /**
   * A run of a period this process was up for, starting this long after its scheduled time (retries),
   * is reported as late. Default 5 minutes. Catch-up runs of periods before start() are always late.
   */
  lateAfterMs?: number;
  /** Also trigger through node-cron tasks (production). Tests drive time with the Clock alone. */
  nodeCron?: boolean;
}

type RunOutcome = 'ran' | 'skipped' | 'failed';

const HOUR = 3_600_000;
const RETRY_MS = 5 * 60_000;

function validate(
  jobs: readonly ScheduledJob[],
  now: number,
): Map<string, { job: ScheduledJob; spec: CronSpec }> {
  const errors: string[] = [];
  const out = new Map<string, { job: ScheduledJob; spec: CronSpec }>();
  for (const job of jobs) {
    if (out.has(job.id)) errors.push(`${job.cronField}: duplicate job id "${job.id}"`);
    if (!isTimeZone(job.timezone)) {
      errors.push(`${job.timezoneField} "${job.timezone}": not an IANA time zone (e.g. Europe/Berlin)`);
      continue;
    }
    let spec: CronSpec;
    try {
      spec = parseSchedule(job.cron);
    } catch (e) {
      errors.push(`${job.cronField} "${job.cron}": ${(e as Error).message}`);
      continue;
    }
    if (!nextFire(spec, job.timezone, now))
      errors.push(`${job.cronField} "${job.cron}": never fires (no such date)`);
    else if (!cron.validate(job.cron)) errors.push(`${job.cronField} "${job.cron}": rejected by node-cron`);
    else out.set(job.id, { job, spec });
  }
  if (errors.length) throw new AppError(ErrorCode.CONFIG_INVALID, errors.join('\n'));
  return out;
}

/**
 * Runs each job once per scheduled period. Periods are computed from the Clock (never from node-cron's
 * idea of time) and claimed in job_runs, so a cron tick, a clock tick, a restart or a second process
 * racing for the same period all collapse into one run. Throws AppError(CONFIG_INVALID) naming the field
 * when a cron expression or time zone is invalid.
 */
export function createScheduler(opts: SchedulerOptions) {
  const { clock, logger } = opts;
  const ledger = createJobLedger(opts.db);
  const lateAfterMs = opts.lateAfterMs ?? 5 * 60_000;
  const entries = validate(opts.jobs, clock.now());
  /** Scheduled time of the newest period this process has handled (run, or seen claimed) per job. */
  const handled = new Map<string, number>();
  const running = new Set<string>();
  let tasks: ScheduledTask[] = [];
  /** Runs started by the timer or a cron task, until they end: what settled() waits for. */
  const underway = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    underway.add(work);
    const done = () => underway.delete(work);
    work.then(done, done);
  };
  let timer: { cancel(): void } | undefined;
  let stopped = true;
  let retrySoon = false;
  /** Periods scheduled before this moment passed while the process was not running. */
  let startedAt = Number.NEGATIVE_INFINITY;

  async function runJob(jobId: string): Promise<RunOutcome> {
    const entry = entries.get(jobId);
    if (!entry) throw new AppError(ErrorCode.NOT_FOUND, `no scheduled job "${jobId}"`);
    const { job, spec } = entry;
    const now = clock.now();
    const p = previousFire(spec, job.timezone, now);
    if (!p || p.at <= (handled.get(jobId) ?? Number.NEGATIVE_INFINITY) || running.has(jobId))
      return 'skipped';
    const late = p.at < startedAt || now - p.at > lateAfterMs;
    // Marked before the claim is awaited: a second trigger meanwhile (a cron tick beside a clock tick) skips
    // instead of finding the period claimed and counting it as handled while this run may still fail.
    running.add(jobId);
    try {
      return await runPeriod(job, p, now, late);
    } catch (e) {
      // The ledger itself failed (the database unreachable): the next tick tries again.
      retrySoon = true;
      logger.error({ err: e, job: jobId, period: p.periodKey }, 'scheduled job ledger failed; will retry');
      return 'failed';
    } finally {
      running.delete(jobId);
    }
  }

  async function runPeriod(job: ScheduledJob, p: Fire, now: number, late: boolean): Promise<RunOutcome> {
    if (!(await ledger.claim(job.id, p.periodKey, now, late))) {
      handled.set(job.id, p.at);
      return 'skipped';
    }
    try {
      logger.info({ job: job.id, period: p.periodKey, late }, 'scheduled job running');
      await job.run({
        periodKey: p.periodKey,
        scheduledAt: p.at,
        wall: p.wall,
        timezone: job.timezone,
        late,
      });
      await ledger.finish(job.id, p.periodKey, clock.now());
      handled.set(job.id, p.at);
      return 'ran';
    } catch (e) {
      retrySoon = true;
      logger.error({ err: e, job: job.id, period: p.periodKey }, 'scheduled job failed; will retry');
      // Give the period back so the next tick retries it (reported late by then).
      await ledger.release(job.id, p.periodKey);
      return 'failed';
    }
  }

  function arm() {
    if (stopped) return;
    const now = clock.now();
    // Capped at an hour: timers longer than ~24.8 days overflow, and an hourly look heals clock jumps.
    let delay = retrySoon ? RETRY_MS : HOUR;
    retrySoon = false;
    for (const { job, spec } of entries.values()) {
      const n = nextFire(spec, job.timezone, now);
      if (n) delay = Math.min(delay, n.at - now);
    }
    timer = clock.setTimeout(() => track(tick()), Math.max(1, delay));
  }

  async function tick() {
    for (const id of entries.keys()) await runJob(id);
    arm();
  }

  return {
    runJob,
    /** Catches up (the latest period of each job runs once now if nobody ran it), then keeps running jobs. */
    async start(): Promise<void> {
      if (!stopped) return;
      stopped = false;
      const now = clock.now();
      startedAt = now;
      for (const { job, spec } of entries.values()) {
        // A job that has never run here starts from the next period: nothing was missed before it existed.
        if (!(await ledger.hasAnyRun(job.id)))
          handled.set(job.id, previousFire(spec, job.timezone, now)?.at ?? now);
      }
      for (const id of entries.keys()) await runJob(id);
      if (opts.nodeCron !== false)
        tasks = [...entries.values()].map(({ job }) =>
          cron.schedule(job.cron, () => track(runJob(job.id)), { timezone: job.timezone, name: job.id }),
        );
      arm();
    },
    stop(): void {
      stopped = true;
      timer?.cancel();
      for (const t of tasks) void t.destroy();
      tasks = [];
    },
    /**
     * Resolves once the runs the timer or a cron task started have ended (their database work included),
     * e.g. before closing the database after stop(), or between steps of a test's manual clock.
     */
    async settled(): Promise<void> {
      while (underway.size) await Promise.allSettled([...underway]);
    },
  };
}
export type Scheduler = ReturnType<typeof createScheduler>;
