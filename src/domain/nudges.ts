import { AsyncResource } from 'node:async_hooks';
import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import { type Config, isTimeZone } from '../config.js';
import { afterCommit, type Db } from '../db/client.js';
import type { HomeRepo } from '../db/repos/home-repo.js';
import type { ReleaseRepo } from '../db/repos/release-repo.js';
import type { Logger } from '../logger.js';
import { readyForApproval, sectionsAwaitingSignoff } from './app-home.js';
import type { Authorizer } from './authorizer.js';
import { quietUntil } from './quiet-hours.js';
import { releaseApprovers } from './release-rules.js';

/** What a nudge is about: `section:<id>` (sign it off) or `approval` (approve the release). */
export type NudgeAbout = `section:${string}` | 'approval';

/** Tells people a release waits on them. Called inside the transaction that claims the nudges. */
export interface NudgeNotices {
  /** One message naming `users` in the release thread, or (with `channel`, a DM) to the one user in `users`. */
  nudge(n: { releaseId: string; about: NudgeAbout; users: string[]; channel?: string }): Promise<void>;
}

export interface NudgeDeps {
  db: Db;
  homeRepo: HomeRepo;
  releaseRepo: ReleaseRepo;
  checklist: Checklist;
  config: Pick<Config, 'file'>;
  clock: Clock;
  authorizer: Authorizer;
  notices: NudgeNotices;
  logger: Logger;
  /** A person's time zone (IANA name), for quiet hours in their own evening; undefined: the config's. */
  timeZoneOf?: (userId: string) => Promise<string | undefined>;
  /** The direct-message channel with a person (`nudges.via: dm`); without it, posts go to the user id. */
  directChannel?: (userId: string) => Promise<string | undefined>;
}

/**
 * Nudges the people a release waits for: a section's sign-off owners when it becomes complete, the
 * approvers when everything else is done. At most one per person per release per `nudgeEveryMinutes`,
 * none in quiet hours (what became due then is looked at again when they end), none to the person whose
 * change made it due. Evaluated on a later turn of the event loop, outside the change's transaction (group
 * members come from Slack, which a transaction must not wait for): on SQLite its reads wait for the change to
 * commit; on Postgres they can run before the COMMIT and miss it (the next change looks again).
 */
export function createNudges(deps: NudgeDeps) {
  const { homeRepo, releaseRepo, checklist, config, clock, authorizer, logger } = deps;
  const settings = config.file.nudges;
  const due = new Set<string>();
  let running: Promise<void> = Promise.resolve();
  let scheduled = false;
  /** Releases that became due during quiet hours, looked at again when they end (one timer each). */
  const deferred = new Map<string, { cancel(): void }>();

  const zones = new Map<string, string>();
  async function zoneOf(userId: string): Promise<string> {
    const quiet = settings.quietHours;
    if (!quiet || quiet.zone === 'config' || !deps.timeZoneOf) return config.file.timezone;
    const hit = zones.get(userId);
    if (hit) return hit;
    const tz = await deps.timeZoneOf(userId).catch(() => undefined);
    const zone = tz && isTimeZone(tz) ? tz : config.file.timezone;
    zones.set(userId, zone);
    return zone;
  }

  function deferUntil(releaseId: string, at: number) {
    if (deferred.has(releaseId)) return;
    const timer = clock.setTimeout(
      () => {
        deferred.delete(releaseId);
        api.changed(releaseId);
      },
      Math.max(0, at - clock.now()),
    );
    deferred.set(releaseId, timer);
  }

  async function evaluate(releaseId: string): Promise<void> {
    const now = clock.now();
    const snap = await releaseRepo.snapshot(releaseId);
    if (!snap) return;
    const actor = await homeRepo.lastActor(releaseId);
    const wanted: { about: NudgeAbout; users: string[] }[] = [];
    for (const { section, signers } of sectionsAwaitingSignoff(checklist, config, snap))
      wanted.push({ about: `section:${section.id}`, users: await authorizer.members(signers) });
    const approvers = releaseApprovers(config);
    if (approvers.length && readyForApproval(checklist, snap)) {
      const approved = new Set(snap.approvals.map((a) => a.userId));
      wanted.push({
        about: 'approval',
        users: (await authorizer.members(approvers)).filter((u) => !approved.has(u)),
      });
    }
    // Quiet people are skipped now and looked at again when the earliest of their quiet hours ends.
    const quietEnds: number[] = [];
    for (const w of wanted) {
      const awake: string[] = [];
      for (const u of w.users) {
        const until = quietUntil(now, await zoneOf(u), settings.quietHours);
        if (until === undefined) awake.push(u);
        else quietEnds.push(until);
      }
      w.users = awake;
    }
    if (quietEnds.length) deferUntil(releaseId, Math.min(...quietEnds));
    const channels = new Map<string, string>();
    if (settings.via === 'dm' && deps.directChannel)
      for (const u of new Set(wanted.flatMap((w) => w.users)))
        if (u !== actor) {
          const c = await deps.directChannel(u).catch(() => undefined);
          if (c) channels.set(u, c);
        }
    const notBefore = now - settings.nudgeEveryMinutes * 60_000;
    await deps.db.transaction(async () => {
      for (const w of wanted) {
        const users: string[] = [];
        for (const u of w.users)
          if (u !== actor && (await homeRepo.claimNudge(releaseId, u, w.about, now, notBefore)))
            users.push(u);
        if (!users.length) continue;
        if (settings.via === 'thread') await deps.notices.nudge({ releaseId, about: w.about, users });
        else
          for (const u of users)
            await deps.notices.nudge({
              releaseId,
              about: w.about,
              users: [u],
              channel: channels.get(u) ?? u,
            });
      }
    });
  }

  function drain() {
    scheduled = false;
    const ids = [...due];
    due.clear();
    running = running.then(async () => {
      for (const id of ids)
        await evaluate(id).catch((e) => logger.warn({ err: e, releaseId: id }, 'nudge evaluation failed'));
    });
  }

  /**
   * `changed` is called inside the change's transaction, whose async context a plain setImmediate would
   * carry into the evaluation: its reads and its own transaction would then join one that has committed
   * (or another caller's). Bound here, the evaluation runs in the context the nudges were created in.
   */
  const drainLater = AsyncResource.bind(drain);

  const api = {
    /** A release changed (call inside its transaction): look for people to nudge later, outside it. */
    changed(releaseId: string): void {
      if (!settings.enabled) return;
      due.add(releaseId);
      if (scheduled) return;
      scheduled = true;
      // Once the change is visible to other connections (on Postgres the evaluation reads through another).
      afterCommit(deps.db, () => setImmediate(drainLater));
    },
    /** Resolves when every evaluation asked for so far has finished (shutdown, tests). */
    async settled(): Promise<void> {
      while (scheduled || due.size) await new Promise((r) => setImmediate(r));
      await running;
    },
    /** Forgets the nudges waiting for quiet hours to end (the next change after a restart finds them). */
    stop(): void {
      for (const t of deferred.values()) t.cancel();
      deferred.clear();
    },
  };
  return api;
}
export type Nudges = ReturnType<typeof createNudges>;
