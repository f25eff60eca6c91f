import type { ReleaseNotices } from '../domain/release-transitions.js';
import { releaseTitle } from './blocks/release-parent.js';
import { mention } from './blocks/text.js';
import type { OutboxWrites } from './outbox/outbox-writes.js';

/** Announces deploys and cancellations in the release thread, once per release and event (outbox key). */
export function createReleaseNotices(writes: OutboxWrites): ReleaseNotices {
  const announce = async (
    r: { id: string; channelId: string; threadTs: string | null },
    event: string,
    text: string,
  ): Promise<void> => {
    if (r.threadTs)
      await writes.post(
        { channel: r.channelId, threadTs: r.threadTs, text },
        { key: `announce:${r.id}:${event}` },
      );
  };
  return {
    deployed: (r, by) =>
      announce(r, 'deployed', `:rocket: ${releaseTitle(r)} marked deployed by ${mention(by)}.`),
    cancelled: (r, by) =>
      announce(r, 'cancelled', `:no_entry_sign: Release cancelled by ${mention(by)}. The record is kept.`),
  };
}
