import type { Checklist } from '../checklist/checklist.js';
import type { Config } from '../config.js';
import type { ReleaseRepo } from '../db/repos/release-repo.js';
import type { Logger } from '../logger.js';
import { renderReleaseParent } from './blocks/release-parent.js';
import { renderReleaseSection } from './blocks/release-section.js';
import { createMessageSync, type MessageSyncOptions, type RenderedMessage } from './message-sync.js';
import type { SlackPoster } from './ports.js';

const PARENT = 'parent';

/**
 * The release thread in Slack: a parent status message plus one message per checklist section.
 * Every rendering is read from SQLite, so a restart, a lost update or a burst of clicks all converge
 * to the database state.
 */
export function createReleaseThreads(deps: {
  repo: ReleaseRepo;
  checklist: Checklist;
  config: Pick<Config, 'file'>;
  poster: SlackPoster;
  logger: Logger;
  sync?: Partial<Pick<MessageSyncOptions, 'perMinute' | 'burst' | 'retryBaseMs' | 'onUpdate'>>;
}) {
  const { repo, checklist, config, poster } = deps;
  const tz = config.file.timezone;
  const ctx = { checklist, timeZone: tz, requiredApprovals: config.file.requiredApprovals };
  const signers = (sectionId: string) => config.file.approvers.sections[sectionId] ?? [];

  function render(key: string): RenderedMessage | undefined {
    const [releaseId, part] = key.split('/') as [string, string];
    const snap = repo.snapshot(releaseId);
    if (!snap?.release.threadTs) return undefined;
    const channel = snap.release.channelId;
    if (part === PARENT) return { channel, ts: snap.release.threadTs, ...renderReleaseParent(snap, ctx) };
    const ts = snap.messages.get(part);
    if (!ts || !checklist.sectionById.has(part)) return undefined;
    return {
      channel,
      ts,
      ...renderReleaseSection(snap, part, { checklist, timeZone: tz, signers: signers(part) }),
    };
  }

  const sync = createMessageSync({ poster, render, logger: deps.logger, ...deps.sync });

  return {
    sync,
    /** Posts whatever of the thread is missing (idempotent: resumes a thread cut short by a crash or Slack error). */
    async ensurePosted(releaseId: string): Promise<string> {
      let snap = repo.snapshot(releaseId);
      if (!snap) throw new Error(`release ${releaseId} not found`);
      if (!snap.release.threadTs) {
        const parent = renderReleaseParent(snap, ctx);
        const { ts } = await poster.post({ channel: snap.release.channelId, ...parent });
        repo.setThreadTs(releaseId, ts);
        snap = repo.snapshot(releaseId)!;
      }
      const threadTs = snap.release.threadTs!;
      for (const section of checklist.allSections) {
        if (snap.messages.has(section.id)) continue;
        const msg = renderReleaseSection(snap, section.id, {
          checklist,
          timeZone: tz,
          signers: signers(section.id),
        });
        const { ts } = await poster.post({ channel: snap.release.channelId, threadTs, ...msg });
        repo.saveMessage(releaseId, section.id, ts);
      }
      return threadTs;
    },
    /** Marks the parent and the given sections (default: all) for a coalesced re-render. */
    refresh(releaseId: string, sectionIds?: readonly string[]) {
      sync.mark(`${releaseId}/${PARENT}`);
      for (const id of sectionIds ?? checklist.allSections.map((s) => s.id)) sync.mark(`${releaseId}/${id}`);
    },
    render,
  };
}
export type ReleaseThreads = ReturnType<typeof createReleaseThreads>;
