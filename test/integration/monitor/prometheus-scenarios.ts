import { eq } from 'drizzle-orm';
import { type Clock, systemClock } from '../../../src/clock.js';
import { watchEvents } from '../../../src/db/schema.js';
import { createTestDatabase } from '../../helpers/db.js';
import type { startInstrumentedApp } from '../../helpers/instrumented-app.js';
import { configWith, createHarness, OWNER, seedRelease } from './watch-fixture.js';

type App = Awaited<ReturnType<typeof startInstrumentedApp>>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A watch of `app` reading the real Prometheus at `promUrl`, over a real SQLite file. */
export async function startPrometheusWatch(
  promUrl: string,
  app: App,
  monitor: Record<string, unknown>,
  clock: Clock = systemClock,
) {
  const database = await createTestDatabase();
  const h = createHarness(
    database.db,
    configWith([
      {
        name: 'api',
        baseUrl: app.url,
        monitor: { source: { type: 'prometheus', url: promUrl }, ...monitor },
      },
    ]),
    clock,
  );
  const releaseId = await seedRelease(database.db, clock.now());
  const watchId = await h.service.start(releaseId, OWNER);
  const events = async (kind: string) =>
    (await database.db.select().from(watchEvents).where(eq(watchEvents.watchId, watchId)).all()).filter(
      (e) => e.kind === kind,
    );
  return {
    h,
    events,
    /** Waits (real time) until the watch has stored an event of `kind`; undefined after `timeoutMs`. */
    async waitFor(kind: string, timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const e = (await events(kind)).at(-1);
        if (e) return e;
        await sleep(20);
      }
      return undefined;
    },
    /** Samples taken in (from, to]. */
    samplesBetween: (from: number, to: number) =>
      h.samples.filter((s) => s.figures && s.figures.at > from && s.figures.at <= to),
    async close() {
      await h.service.stop();
      await database.cleanup();
    },
  };
}

/**
 * A sustained 30 % spike, then the errors stop, on a watch sampling every `intervalSeconds` of real
 * time. Delays are measured from the switch to the sample that raised the reminder (or announced the
 * recovery), in sampling intervals and in samples.
 */
export async function spikeAndRecovery(promUrl: string, app: App, intervalSeconds: number, consecutive = 2) {
  const interval = intervalSeconds * 1000;
  const watch = await startPrometheusWatch(promUrl, app, { intervalSeconds, consecutive, minRequests: 20 });
  try {
    app.setErrorRate(0);
    await sleep(3 * interval);
    const spikeAt = Date.now();
    app.setErrorRate(0.3);
    const reminder = await watch.waitFor('reminder', 15 * interval);
    const stopAt = Date.now();
    app.setErrorRate(0);
    const recovered = await watch.waitFor('recovered', 15 * interval);
    const text = watch.h.slack.matching(/Consider rolling back/)[0]?.text ?? '';
    const stated = /error ratio ([\d.]+) %/.exec(text)?.[1];
    return {
      reminderText: text,
      statedRatio: stated === undefined ? Number.NaN : Number(stated) / 100,
      detectionIntervals: reminder ? (reminder.at - spikeAt) / interval : Number.NaN,
      detectionSamples: reminder ? watch.samplesBetween(spikeAt, reminder.at).length : Number.NaN,
      recoveryIntervals: recovered ? (recovered.at - stopAt) / interval : Number.NaN,
      recoverySamples: recovered ? watch.samplesBetween(stopAt, recovered.at).length : Number.NaN,
    };
  } finally {
    await watch.close();
  }
}
