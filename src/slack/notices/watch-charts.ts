import { chartAltText } from '../../charts/chart-alt-text.js';
import { renderErrorRateChart } from '../../charts/error-rate-chart.js';
import type { OutboxRepo } from '../../db/repos/outbox-repo.js';
import type { WatchChartPurpose } from '../../db/repos/watch-chart-repo.js';
import type { WatchStore } from '../../db/repos/watch-repo.js';
import { watchChartInput } from '../../monitor/watch-chart-data.js';
import { renderChartFollowUp } from '../blocks/chart-image.js';
import type { OutboxRenderer } from '../outbox/message.js';

const CHART = 'watch-chart';
const CHART_POST = 'watch-chart-post';
const CHART_SHARE = 'watch-chart-share';

/** One outbox lane per watch for its chart uploads, apart from the release channel's messages. */
export const chartLane = (watchId: number) => `chart:${watchId}`;

const fileName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);

/**
 * The error-rate charts of the watch's messages. `queue` runs in the transaction that commits the message's
 * row and only adds a chart row and an `upload` outbox row in the chart's own lane: the message goes out on
 * time in its channel's lane whatever the upload does (slow, failing, retried). When the upload is done the
 * reminder is re-rendered with the image (chat.update), and a repeat's or the recovery's chart follows them
 * in the thread.
 */
export function createWatchCharts(deps: {
  store: WatchStore;
  outbox: OutboxRepo;
  /** Marks the reminder message dirty (it shows the watch's newest uploaded chart). */
  reminderChanged: (watchId: number) => Promise<void>;
}) {
  const { store, outbox } = deps;
  const charts = store.charts;
  const draw = async (chartId: number) => {
    const c = await charts.chart(chartId);
    const input = c && (await watchChartInput(store, c.watchId, c.until));
    if (!c || !input) return undefined;
    const chart = await renderErrorRateChart(input);
    return {
      c,
      chart,
      filename: `error-rate-${fileName(input.service)}-${fileName(input.version)}.png`,
      title: `Error rate: ${input.service} ${input.version} (${input.env})`,
    };
  };
  /** The release (channel and thread) a watch's chart belongs to. */
  const releaseOf = async (watchId: number) => {
    const w = await store.get(watchId);
    return w && (await store.release(w.releaseId));
  };
  /**
   * Slack refused an image block naming this chart: stop showing it in messages (so the reminder's next
   * re-render is accepted) and share the chart in the thread as a file instead.
   */
  const refused = async (chartId: number) => {
    const c = await charts.chart(chartId);
    if (!c || c.refusedAt !== null) return;
    await charts.refuse(c.id, Date.now());
    await deps.reminderChanged(c.watchId);
    await outbox.enqueue({
      key: `watch-chart:${c.id}:share`,
      kind: 'upload',
      channel: chartLane(c.watchId),
      renderer: CHART_SHARE,
      ref: String(c.id),
    });
  };
  const renderers: Record<string, OutboxRenderer> = {
    [CHART]: {
      // Runs when the row is sent, after the message's row was committed and off any request's path.
      async render(ref) {
        const c = await charts.chart(Number(ref));
        if (!c || c.fileId) return undefined;
        // A newer chart of this watch is queued (a repeat after a slow upload): draw that one instead.
        if (c.purpose === 'reminder' && (await charts.superseded(c.watchId, c.id))) return undefined;
        const d = await draw(c.id);
        if (!d) return undefined;
        return {
          kind: 'file',
          filename: d.filename,
          title: d.title,
          bytes: d.chart.png,
          altText: d.chart.altText,
        };
      },
      async posted(ref, fileId) {
        const c = await charts.chart(Number(ref));
        const input = c && (await watchChartInput(store, c.watchId, c.until));
        if (!c || !input) return;
        await charts.uploaded(c.id, fileId, chartAltText(input));
        await deps.reminderChanged(c.watchId);
        if (c.purpose === 'reminder') return;
        const r = await releaseOf(c.watchId);
        if (r)
          await outbox.enqueue({
            key: `watch-chart:${c.id}:post`,
            kind: 'post',
            channel: r.channelId,
            renderer: CHART_POST,
            ref: String(c.id),
          });
      },
    },
    [CHART_SHARE]: {
      async render(ref) {
        const d = await draw(Number(ref));
        const r = d && (await releaseOf(d.c.watchId));
        if (!d || !r) return undefined;
        return {
          kind: 'file',
          filename: d.filename,
          title: d.title,
          bytes: d.chart.png,
          altText: d.chart.altText,
          share: { channel: r.channelId, threadTs: r.threadTs ?? undefined, comment: d.chart.altText },
        };
      },
    },
    [CHART_POST]: {
      async failed(ref, error) {
        if (error === 'invalid_blocks') await refused(Number(ref));
      },
      async render(ref) {
        const c = await charts.chart(Number(ref));
        const r = c && (await releaseOf(c.watchId));
        if (!c?.fileId || !r || c.purpose === 'reminder') return undefined;
        return {
          kind: 'post',
          channel: r.channelId,
          threadTs: r.threadTs ?? undefined,
          ...renderChartFollowUp(
            { fileId: c.fileId, altText: c.altText ?? 'Error-rate chart' },
            c.purpose === 'recovered' ? 'recovered' : 'repeat',
          ),
        };
      },
    },
  };
  return {
    renderers,
    /** A message showing the watch's newest chart was refused with `invalid_blocks`: fall back for it. */
    async refusedInMessage(watchId: number): Promise<void> {
      const c = await charts.latestUploaded(watchId);
      if (c) await refused(c.id);
    },
    /** A chart of the samples so far for a message being committed; none before the first measured sample. */
    async queue(watchId: number, purpose: WatchChartPurpose): Promise<void> {
      const until = await charts.lastSampleAt(watchId);
      if (until === undefined) return;
      const id = await charts.addChart(watchId, purpose, until, Date.now());
      await outbox.enqueue({
        key: `watch-chart:${id}`,
        kind: 'upload',
        channel: chartLane(watchId),
        renderer: CHART,
        ref: String(id),
      });
    },
  };
}
