import type { Checklist } from '../../checklist/checklist.js';
import type { OutboxRepo } from '../../db/repos/outbox-repo.js';
import type { WatchStore } from '../../db/repos/watch-repo.js';
import type { WatchNotices } from '../../monitor/watch-notices.js';
import { reminderView } from '../../monitor/watch-view.js';
import type { ObservedSample } from '../../monitor/watch-views.js';
import {
  renderAlertResolved,
  renderChannelAlert,
  renderRecovered,
  renderSourceBack,
  renderSourceUnavailable,
  renderWatchCompleted,
  renderWatchStarted,
  renderWatchStopped,
} from '../blocks/watch-notices.js';
import { renderReminderRepeat, renderRollbackReminder } from '../blocks/watch-reminder.js';
import type { OutboxRenderer } from '../outbox/message.js';
import { createOutboxWrites } from '../outbox/outbox-writes.js';
import type { Block, SlackPoster } from '../ports.js';
import { createWatchCharts } from './watch-charts.js';

const REMINDER = 'watch-reminder';
const REMINDER_UPDATE = 'watch-reminder-update';
const REPEAT = 'watch-reminder-repeat';

/**
 * The watch's messages as outbox rows. The reminder is rendered from the stored events when it is sent
 * (and again on every decision), so what Slack shows is what the database says.
 */
export function createWatchNotices(deps: {
  store: WatchStore;
  checklist: Pick<Checklist, 'rollbackPlan' | 'commonIssues'>;
  outbox: OutboxRepo;
  /** A read: the link to the first reminder in a repeat. */
  permalink: SlackPoster['permalink'];
}): WatchNotices & { renderers: Record<string, OutboxRenderer> } {
  const { store, checklist, outbox } = deps;
  const writes = createOutboxWrites(outbox);
  const view = async (watchId: number) => {
    const w = await store.get(watchId);
    const release = w && (await store.release(w.releaseId));
    return w && release ? { w, release, v: await reminderView(store, checklist, w, release) } : undefined;
  };
  const inThread = async (releaseId: string, msg: { text: string; blocks: Block[] }) => {
    const r = await store.release(releaseId);
    if (r) await writes.post({ channel: r.channelId, threadTs: r.threadTs ?? undefined, ...msg });
  };
  const renderers: Record<string, OutboxRenderer> = {
    [REMINDER]: {
      async render(ref) {
        const x = await view(Number(ref.split('/')[0]));
        if (!x) return undefined;
        const { release, v } = x;
        return {
          kind: 'post',
          channel: release.channelId,
          threadTs: release.threadTs ?? undefined,
          ...renderRollbackReminder(v),
        };
      },
      async posted(ref, ts) {
        const id = Number(ref.split('/')[0]);
        if (await store.get(id)) await store.update(id, { reminderTs: ts, updatedAt: Date.now() });
      },
      // The image is what Slack may refuse: send the reminder again without it (a new mark of the key).
      async failed(ref, error) {
        const [id, ...key] = ref.split('/');
        if (error !== 'invalid_blocks' || !(await view(Number(id)))?.v.chart) return;
        await charts.refusedInMessage(Number(id));
        await rowFor(Number(id), `watch:${id}:reminder:${key.join('/')}`, REMINDER, ref);
      },
    },
    [REMINDER_UPDATE]: {
      // Refusing the chart marks the reminder dirty again: re-rendered without the image.
      async failed(ref, error) {
        if (error === 'invalid_blocks' && (await view(Number(ref)))?.v.chart)
          await charts.refusedInMessage(Number(ref));
      },
      async render(ref) {
        const x = await view(Number(ref));
        if (!x?.w.reminderTs) return undefined;
        return {
          kind: 'update',
          channel: x.release.channelId,
          ts: x.w.reminderTs,
          ...renderRollbackReminder(x.v),
        };
      },
    },
    [REPEAT]: {
      async render(ref) {
        const cut = ref.indexOf('/');
        const x = await view(Number(cut < 0 ? ref : ref.slice(0, cut)));
        if (!x) return undefined;
        const { w, release, v } = x;
        const carried = cut < 0 ? null : (JSON.parse(ref.slice(cut + 1)) as ObservedSample | null);
        const link = w.reminderTs
          ? await deps.permalink(release.channelId, w.reminderTs).catch(() => undefined)
          : undefined;
        const observed = carried ?? v.observed;
        return {
          kind: 'post',
          channel: release.channelId,
          threadTs: release.threadTs ?? undefined,
          ...renderReminderRepeat({ ...v, observed }, link),
        };
      },
    },
  };
  const rowFor = async (watchId: number, key: string, renderer: string, ref: string) => {
    const w = await store.get(watchId);
    const r = w && (await store.release(w.releaseId));
    if (r)
      await outbox.enqueue({
        key,
        kind: renderer === REMINDER_UPDATE ? 'update' : 'post',
        channel: r.channelId,
        renderer,
        ref,
      });
  };
  const reminderChanged = (watchId: number) =>
    rowFor(watchId, `watch:${watchId}:reminder`, REMINDER_UPDATE, String(watchId));
  const charts = createWatchCharts({ store, outbox, reminderChanged });
  return {
    renderers: { ...renderers, ...charts.renderers },
    started: (releaseId, v) => inThread(releaseId, renderWatchStarted(v)),
    stopped: (releaseId, reason, by) => inThread(releaseId, renderWatchStopped(reason, by)),
    // The chart is queued after the message's row, in its own lane: the message never waits for it.
    reminder: async (watchId, key) => {
      await rowFor(watchId, `watch:${watchId}:reminder:${key}`, REMINDER, `${watchId}/${key}`);
      await charts.queue(watchId, 'reminder');
    },
    reminderRepeat: async (watchId, observed, key) => {
      await rowFor(
        watchId,
        `watch:${watchId}:repeat:${key}`,
        REPEAT,
        `${watchId}/${JSON.stringify(observed ?? null)}`,
      );
      await charts.queue(watchId, 'repeat');
    },
    reminderChanged,
    sourceUnavailable: (releaseId, label, reason) =>
      inThread(releaseId, renderSourceUnavailable(label, reason)),
    sourceBack: (releaseId, label) => inThread(releaseId, renderSourceBack(label)),
    recovered: async (releaseId, observed, since, intervalMs) => {
      await inThread(releaseId, renderRecovered(observed, since, intervalMs));
      const w = await store.latestForRelease(releaseId);
      if (w) await charts.queue(w.id, 'recovered');
    },
    completed: (releaseId, v) => inThread(releaseId, renderWatchCompleted(v)),
    alertInThread: (releaseId, a, firing) =>
      inThread(releaseId, firing ? renderChannelAlert(a, []) : renderAlertResolved(a)),
    channelAlert: (channel, a, owners, firing) =>
      writes.post({ channel, ...(firing ? renderChannelAlert(a, owners) : renderAlertResolved(a)) }),
  };
}
