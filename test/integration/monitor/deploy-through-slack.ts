import { resolve } from 'node:path';
import type { Clock } from '../../../src/clock.js';
import { releases } from '../../../src/db/schema.js';
import type { FakeMessage } from '../../../src/sandbox/slack-web-api.js';
import { type Harness, optionsOf, releaseThread, startHarness } from '../../helpers/slack-harness.js';

/** A bot over the mini checklist watching `api`, whose /metrics is at `metricsUrl`. */
export function startWatchingBot(
  clock: Clock,
  target: { url: string; metricsUrl: string },
  monitor = 'intervalSeconds: 30, consecutive: 2, minRequests: 50',
  extraYaml = '',
) {
  return startHarness({
    clock,
    configYaml: `
checklist: ${resolve('test/fixtures/mini-checklist.yml')}
approvers: { release: [UREL1] }
${extraYaml}
services:
  - name: api
    baseUrl: ${target.url}
    monitor: { source: { type: metrics, url: ${target.metricsUrl} }, ${monitor} }
`,
  });
}

/**
 * Opens `api 1.2.3`, ticks and signs off every pre-deployment section, approves and marks it deployed,
 * all through signed Slack requests, which starts the watch. Returns the release id.
 */
export async function deployThroughSlack(h: Harness): Promise<string> {
  await h.command('api 1.2.3', { user: 'UOWNER' });
  await h.settle();
  const release = (await h.bot.database.db.select().from(releases).get())!;
  for (const title of ['Security', 'Database']) {
    const m = releaseThread(h.fake).section(title);
    for (const b of m.blocks.filter((x) => String(x.block_id).startsWith('g|'))) {
      const view = releaseThread(h.fake).section(title);
      await h.tick(
        view,
        'UALICE',
        String(b.block_id),
        optionsOf(view, String(b.block_id)).options.map((o) => o.value),
      );
      await h.settle();
    }
    const s = releaseThread(h.fake).section(title);
    const so = s.blocks.find((x) => String(x.block_id).startsWith('signoff|')) as {
      block_id: string;
      elements: { value: string }[];
    };
    await h.click(s, 'UALICE', 'section:signoff', so.block_id, so.elements[0]!.value);
    await h.settle();
  }
  await h.click(releaseThread(h.fake).parent, 'UREL1', 'release:approve', 'release_actions', release.id);
  await h.settle();
  await h.click(releaseThread(h.fake).parent, 'UREL1', 'release:deployed', 'release_actions', release.id);
  await h.settle();
  return release.id;
}

/** The messages of the release thread, as the fake Slack holds them now. */
export const threadOf = (h: Harness) => h.fake.thread('CREL', releaseThread(h.fake).parent.ts);

/** The rollback reminder in the thread (the message carrying the decision buttons). */
export const reminderIn = (h: Harness) =>
  threadOf(h).find((m) => JSON.stringify(m.blocks).includes('"watch:plan"')) as FakeMessage | undefined;

/** Clicks a reminder button as `user`, the way Slack sends it. */
export async function clickReminder(h: Harness, user: string, actionId: string) {
  const reminder = reminderIn(h);
  if (!reminder) throw new Error('no reminder in the thread');
  const hit = reminder.blocks
    .flatMap((b) =>
      ((b as { elements?: { action_id?: string; value?: string }[] }).elements ?? []).map((e) => ({ b, e })),
    )
    .find((x) => x.e.action_id === actionId);
  if (!hit) throw new Error(`no ${actionId} on the reminder`);
  await h.click(
    reminder,
    user,
    actionId,
    String((hit.b as { block_id: string }).block_id),
    String(hit.e.value),
  );
  await h.settle();
}
