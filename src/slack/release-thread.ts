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
 * through the outbox. Rows only name the message (`<releaseId>/<part>`); the renderers read the database when
 * the row is sent, so a restart, a lost update or a burst of clicks all converge to the database state.
 * `post` and `refresh` only read the release and write outbox rows: await them inside the transaction of the
 * change they announce.
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

  async function renderSection(releaseId: string, part: string) {
    const snap = await repo.snapshot(releaseId);
    if (!snap || !checklist.sectionById.has(part)) return undefined;
    return {
      snap,
      msg: renderReleaseSection(snap, part, { checklist, timeZone: tz, signers: signers(part) }),
    };
  }

  const post: OutboxRenderer = {
    async render(ref) {
      const [releaseId, part] = split(ref);
      if (part === PARENT) {
        const snap = await repo.snapshot(releaseId);
        if (!snap || snap.release.threadTs) return undefined;
        return { kind: 'post', channel: snap.release.channelId, ...renderReleaseParent(snap, ctx) };
      }
      const r = await renderSection(releaseId, part);
      if (!r?.snap.release.threadTs || r.snap.messages.has(part)) return undefined;
      return { kind: 'post', channel: r.snap.release.channelId, threadTs: r.snap.release.threadTs, ...r.msg };
    },
    async posted(ref, ts) {
      const [releaseId, part] = split(ref);
      if (part !== PARENT) {
        await repo.saveMessage(releaseId, part, ts);
        return;
      }
      await repo.setThreadTs(releaseId, ts);
      await queueSections(releaseId);
    },
    async describe(ref) {
      const r = await repo.get(split(ref)[0]);
      return r ? `the thread for *${releaseTitle(r)}* (\`${r.id}\`)` : undefined;
    },
  };

  const update: OutboxRenderer = {
    async render(ref): Promise<OutboxMessage | undefined> {
      const [releaseId, part] = split(ref);
      if (part === PARENT) {
        const snap = await repo.snapshot(releaseId);
        if (!snap?.release.threadTs) return undefined;
        return {
          kind: 'update',
          channel: snap.release.channelId,
          ts: snap.release.threadTs,
          ...renderReleaseParent(snap, ctx),
        };
      }
      const r = await renderSection(releaseId, part);
      const ts = r?.snap.messages.get(part);
      if (!r || !ts) return undefined;
      return { kind: 'update', channel: r.snap.release.channelId, ts, ...r.msg };
    },
  };

  async function queueSections(releaseId: string) {
    const snap = await repo.snapshot(releaseId);
    if (!snap?.release.threadTs) return;
    for (const s of checklist.allSections)
      if (!snap.messages.has(s.id))
        await enqueuePost(releaseId, s.id, snap.release.channelId, snap.release.createdBy);
  }

  async function enqueuePost(releaseId: string, part: string, channel: string, creator: string) {
    await outbox.enqueue({
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
    async post(releaseId: string): Promise<void> {
      const r = await repo.get(releaseId);
      if (!r) return;
      if (!r.threadTs) await enqueuePost(releaseId, PARENT, r.channelId, r.createdBy);
      else await queueSections(releaseId);
    },
    /** Marks the parent and the given sections (default: all) for a coalesced re-render. */
    async refresh(releaseId: string, sectionIds?: readonly string[]): Promise<void> {
      const r = await repo.get(releaseId);
      if (!r) return;
      const ids = sectionIds ? [PARENT, ...sectionIds] : parts();
      for (const part of ids)
        await outbox.enqueue({
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
