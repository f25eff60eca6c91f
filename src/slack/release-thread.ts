import type { Checklist } from '../checklist/checklist.js';
import type { Config } from '../config.js';
import type { OutboxRepo } from '../db/repos/outbox-repo.js';
import type { ReleaseRepo } from '../db/repos/release-repo.js';
import { releaseTitle, renderReleaseParent } from './blocks/release-parent.js';
import { renderReleaseSection } from './blocks/release-section.js';
import type { OutboxMessage, OutboxRenderer } from './outbox/message.js';

const PARENT = 'parent';
export const RELEASE_POST = 'release-post';
export const RELEASE_UPDATE = 'release-update';

/**
 * The release thread in Slack: a parent status message plus one message per checklist section, all written
 * through the outbox. Rows only name the message (`<releaseId>/<part>`); the renderers read SQLite when
 * the row is sent, so a restart, a lost update or a burst of clicks all converge to the database state.
 * `post` and `refresh` only write outbox rows: call them inside the transaction of the change they announce.
 */
export function createReleaseThreads(deps: {
  repo: ReleaseRepo;
  outbox: OutboxRepo;
  checklist: Checklist;
  config: Pick<Config, 'file'>;
}) {
  const { repo, outbox, checklist, config } = deps;
  const tz = config.file.timezone;
  const ctx = { checklist, timeZone: tz, requiredApprovals: config.file.requiredApprovals };
  const signers = (sectionId: string) => config.file.approvers.sections[sectionId] ?? [];
  const parts = () => [PARENT, ...checklist.allSections.map((s) => s.id)];
  const split = (ref: string) => ref.split('/') as [string, string];

  function renderSection(releaseId: string, part: string) {
    const snap = repo.snapshot(releaseId);
    if (!snap || !checklist.sectionById.has(part)) return undefined;
    return {
      snap,
      msg: renderReleaseSection(snap, part, { checklist, timeZone: tz, signers: signers(part) }),
    };
  }

  const post: OutboxRenderer = {
    render(ref) {
      const [releaseId, part] = split(ref);
      if (part === PARENT) {
        const snap = repo.snapshot(releaseId);
        if (!snap || snap.release.threadTs) return undefined;
        return { kind: 'post', channel: snap.release.channelId, ...renderReleaseParent(snap, ctx) };
      }
      const r = renderSection(releaseId, part);
      if (!r?.snap.release.threadTs || r.snap.messages.has(part)) return undefined;
      return { kind: 'post', channel: r.snap.release.channelId, threadTs: r.snap.release.threadTs, ...r.msg };
    },
    posted(ref, ts) {
      const [releaseId, part] = split(ref);
      if (part !== PARENT) return void repo.saveMessage(releaseId, part, ts);
      repo.setThreadTs(releaseId, ts);
      queueSections(releaseId);
    },
    describe(ref) {
      const r = repo.get(split(ref)[0]);
      return r ? `the thread for *${releaseTitle(r)}* (\`${r.id}\`)` : undefined;
    },
  };

  const update: OutboxRenderer = {
    render(ref): OutboxMessage | undefined {
      const [releaseId, part] = split(ref);
      if (part === PARENT) {
        const snap = repo.snapshot(releaseId);
        if (!snap?.release.threadTs) return undefined;
        return {
          kind: 'update',
          channel: snap.release.channelId,
          ts: snap.release.threadTs,
          ...renderReleaseParent(snap, ctx),
        };
      }
      const r = renderSection(releaseId, part);
      const ts = r?.snap.messages.get(part);
      if (!r || !ts) return undefined;
      return { kind: 'update', channel: r.snap.release.channelId, ts, ...r.msg };
    },
  };

  function queueSections(releaseId: string) {
    const snap = repo.snapshot(releaseId);
    if (!snap?.release.threadTs) return;
    for (const s of checklist.allSections)
      if (!snap.messages.has(s.id))
        enqueuePost(releaseId, s.id, snap.release.channelId, snap.release.createdBy);
  }

  function enqueuePost(releaseId: string, part: string, channel: string, creator: string) {
    outbox.enqueue({
      key: `release:${releaseId}/${part}:post`,
      kind: 'post',
      channel,
      renderer: RELEASE_POST,
      ref: `${releaseId}/${part}`,
      // A pipeline's token (`api:<name>`) is no Slack user to tell; the API answers it instead.
      ...(creator.startsWith('api:') ? {} : { notifyUser: creator }),
    });
  }

  return {
    renderers: { [RELEASE_POST]: post, [RELEASE_UPDATE]: update },
    /** Queues whatever of the thread is missing (idempotent: resumes a thread cut short by anything). */
    post(releaseId: string): void {
      const r = repo.get(releaseId);
      if (!r) return;
      if (!r.threadTs) enqueuePost(releaseId, PARENT, r.channelId, r.createdBy);
      else queueSections(releaseId);
    },
    /** Marks the parent and the given sections (default: all) for a coalesced re-render. */
    refresh(releaseId: string, sectionIds?: readonly string[]): void {
      const r = repo.get(releaseId);
      if (!r) return;
      const ids = sectionIds ? [PARENT, ...sectionIds] : parts();
      for (const part of ids)
        outbox.enqueue({
          key: `release:${releaseId}/${part}`,
          kind: 'update',
          channel: r.channelId,
          renderer: RELEASE_UPDATE,
          ref: `${releaseId}/${part}`,
        });
    },
  };
}
export type ReleaseThreads = ReturnType<typeof createReleaseThreads>;
