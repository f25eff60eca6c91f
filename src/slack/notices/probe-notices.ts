import type { ProbeNotices } from '../../probes/probe-notices.js';
import { renderProbeResults } from '../blocks/probe-results.js';
import type { OutboxWrites } from '../outbox/outbox-writes.js';

/** Probe results in the release thread (or the channel), once per run. */
export function createProbeNotices(writes: Pick<OutboxWrites, 'post'>): ProbeNotices {
  return {
    async results(where, run) {
      const { report, ...ctx } = run;
      await writes.post(
        { channel: where.channel, threadTs: where.threadTs, ...renderProbeResults(report, ctx) },
        { key: `probe-run:${run.runId}` },
      );
    },
  };
}
