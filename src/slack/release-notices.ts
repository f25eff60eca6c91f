import type { ReleaseNotices } from '../domain/release-transitions.js';
import { releaseTitle } from './blocks/release-parent.js';
import { mention } from './blocks/text.js';
import type { SlackPoster } from './ports.js';

/** Announces deploys and cancellations in the release thread; a failed post never undoes the change. */
export function createReleaseNotices(poster: SlackPoster): ReleaseNotices {
  const announce = (r: { channelId: string; threadTs: string | null }, text: string) =>
    r.threadTs
      ? poster.post({ channel: r.channelId, threadTs: r.threadTs, text }).catch(() => undefined)
      : Promise.resolve(undefined);
  return {
    deployed: (r, by) => announce(r, `:rocket: ${releaseTitle(r)} marked deployed by ${mention(by)}.`),
    cancelled: (r, by) =>
      announce(r, `:no_entry_sign: Release cancelled by ${mention(by)}. The record is kept.`),
  };
}
