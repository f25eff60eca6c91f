import { createHash } from 'node:crypto';
import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { HomeRepo } from '../db/repos/home-repo.js';
import type { OutboxRepo } from '../db/repos/outbox-repo.js';
import type { ReleaseRepo, ReleaseSnapshot } from '../db/repos/release-repo.js';
import { buildHomeModel, readyForApproval, sectionsAwaitingSignoff } from '../domain/app-home.js';
import type { NudgeAbout, NudgeNotices } from '../domain/nudges.js';
import { HOME_CAPS, renderAppHome } from './blocks/app-home.js';
import { renderNudge } from './blocks/nudge.js';
import type { OutboxRenderer } from './outbox/message.js';

export const HOME_PUBLISH = 'home-publish';
export const NUDGE_POST = 'nudge-post';
/** Whose Home follows changes: people who opened it within this window (the rest refresh when they look). */
const VISITOR_WINDOW_MS = 14 * 86_400_000;
/**
 * A change made elsewhere re-publishes a person's Home at most once per this gap (opening the Home or
 * clicking on it publishes at once): a burst of ticks becomes one views.publish per person, and
 * views.publish (Tier 4, ~100/min for the whole workspace) stays within its budget.
 */
export const HOME_MIN_GAP_MS = 15_000;
/** The longest the releases shared by every Home are reused without a change having been enqueued. */
const SHARED_TTL_MS = 1_000;
/** What identifies a Home view as published (stored per person; an equal hash is not published again). */
export const homeViewHash = (view: Record<string, unknown>) =>
  createHash('sha256').update(JSON.stringify(view)).digest('hex');

/**
 * The App Home and the nudges, written through the outbox. A Home row only names the person
 * (`home:<userId>`, one coalescing row each); a nudge row names the release, what it is about and who.
 * Both render from the database when sent: a Home shows the latest state, and a nudge whose section got signed
 * (or whose release got approved) in the meantime is not sent at all.
 */
export function createAppHome(deps: {
  db: Db;
  homeRepo: HomeRepo;
  releaseRepo: ReleaseRepo;
  outbox: OutboxRepo;
  checklist: Checklist;
  config: Pick<Config, 'file'>;
  clock: Clock;
  minGapMs?: number;
}) {
  const { homeRepo, releaseRepo, outbox, checklist, config, clock } = deps;

  /**
   * What every Home shows alike (the releases in play, the last finished, the live watches), read once for
   * the many Homes rendered after a change (one per recent visitor) instead of once per Home. Any change a
   * person can see enqueues an outbox write in its own transaction, which makes this stale (a read under way
   * then is used by its own render but not kept); so does a commit by another process, and it is re-read
   * after SHARED_TTL_MS whatever happens (e.g. a new display name).
   */
  let shared:
    | {
        at: number;
        others: number;
        enqueues: number;
        active: ReleaseSnapshot[];
        finished: Awaited<ReturnType<HomeRepo['finished']>>;
        watches: Map<string, string>;
      }
    | undefined;
  /** Outbox enqueues seen so far (every change a person can see makes one). */
  let enqueues = 0;
  outbox.onEnqueue(() => {
    enqueues++;
  });
  const sharedView = async () => {
    const at = Date.now();
    const seen = enqueues;
    const others = await homeRepo.othersVersion();
    if (shared && shared.enqueues === seen && shared.others === others && at - shared.at < SHARED_TTL_MS)
      return shared;
    // One release at a time: this is background work, and the requests being answered need the database too.
    const active: ReleaseSnapshot[] = [];
    for (const r of await homeRepo.active()) {
      const snap = await releaseRepo.snapshot(r.id);
      if (snap) active.push(snap);
    }
    const view = {
      at,
      others,
      enqueues: seen,
      active,
      finished: await homeRepo.finished(HOME_CAPS.finished),
      watches: await homeRepo.liveWatches(),
    };
    shared = view;
    return view;
  };

  const home: OutboxRenderer = {
    async render(userId) {
      const visitor = await homeRepo.visitor(userId);
      const { active, finished, watches } = await sharedView();
      const model = buildHomeModel(
        { userId, groups: visitor?.groups ?? [] },
        { active, finished, maintenance: await homeRepo.maintenanceFor(userId) },
        { checklist, config },
      );
      const ctx = { checklist, now: clock.now(), notice: visitor?.notice, watches };
      const view = renderAppHome(model, ctx, userId);
      const hash = homeViewHash(view);
      // What this person sees already: nothing to publish. Counted as a publish for the gap, so a storm of
      // changes that leave this Home alone renders it at most once per gap too.
      if (visitor?.publishedHash === hash) {
        await homeRepo.published(userId, hash, Date.now());
        return undefined;
      }
      return { kind: 'publish', user: userId, view };
    },
    async delivered(userId, msg) {
      // Wall-clock time, like the outbox's due times it is compared with (transport timing, not domain time).
      if (msg.kind === 'publish') await homeRepo.published(userId, homeViewHash(msg.view), Date.now());
    },
  };

  const nudge: OutboxRenderer = {
    async render(ref) {
      const [releaseId, about, users, channel] = ref.split('|') as [string, NudgeAbout, string, string];
      const snap = await releaseRepo.snapshot(releaseId);
      if (!snap || !stillDue(snap, about)) return undefined;
      const threadTs = snap.release.threadTs;
      const msg = renderNudge(snap, about, users.split(','), checklist, { inThread: !channel });
      if (channel) return { kind: 'post', channel, ...msg };
      return threadTs ? { kind: 'post', channel: snap.release.channelId, threadTs, ...msg } : undefined;
    },
  };

  function stillDue(snap: ReleaseSnapshot, about: NudgeAbout) {
    if (about === 'approval') return readyForApproval(checklist, snap);
    return sectionsAwaitingSignoff(checklist, config, snap).some((a) => `section:${a.section.id}` === about);
  }

  async function refresh(userId: string): Promise<void> {
    await outbox.enqueue({
      key: `home:${userId}`,
      kind: 'publish',
      channel: userId,
      renderer: HOME_PUBLISH,
      ref: userId,
    });
  }

  const notices: NudgeNotices = {
    async nudge({ releaseId, about, users, channel }) {
      const ref = [releaseId, about, users.join(','), channel ?? ''].join('|');
      const release = await releaseRepo.get(releaseId);
      if (!release) return;
      await outbox.enqueue({
        key: `nudge:${ref}:${clock.now()}`,
        kind: 'post',
        channel: channel ?? release.channelId,
        renderer: NUDGE_POST,
        ref,
      });
    },
  };

  return {
    renderers: { [HOME_PUBLISH]: home, [NUDGE_POST]: nudge },
    notices,
    /** Someone opened their Home: remember them (and their groups) and publish it, without an old answer. */
    async visited(userId: string, groups: string[]): Promise<void> {
      await deps.db.transaction(async () => {
        await homeRepo.recordOpen(userId, groups, clock.now());
        await homeRepo.setNotice(userId, null, clock.now());
        await refresh(userId);
      });
    },
    /** The answer to a click on the Home, shown at its top (the Home has no place for an ephemeral). */
    async answer(userId: string, notice: string | null): Promise<void> {
      await deps.db.transaction(async () => {
        await homeRepo.setNotice(userId, notice, clock.now());
        await refresh(userId);
      });
    },
    /** Queues a re-render of one person's Home. Await it inside the transaction of the change it shows. */
    refresh,
    /** Something everyone's Home shows changed: re-render it for everyone who opened it lately. */
    async refreshVisitors(): Promise<void> {
      await outbox.enqueueHomes({
        since: clock.now() - VISITOR_WINDOW_MS,
        gapMs: deps.minGapMs ?? HOME_MIN_GAP_MS,
        renderer: HOME_PUBLISH,
      });
    },
  };
}
export type AppHome = ReturnType<typeof createAppHome>;
