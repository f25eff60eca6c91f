import { type Checklist, defaultChecklist } from '../../../src/checklist/checklist.js';
import { createManualClock } from '../../../src/clock.js';
import { parseFileConfig } from '../../../src/config.js';
import type { DatabaseHandle } from '../../../src/db/client.js';
import { createMaintenanceService } from '../../../src/domain/maintenance.js';
import type { JobDeps } from '../../../src/jobs/job-deps.js';
import { createLogger } from '../../../src/logger.js';
import type { Block, SlackMessage, SlackPoster } from '../../../src/slack/ports.js';
import { blockKitErrors } from '../../helpers/block-kit-limits.js';

export interface Recorded extends SlackMessage {
  ts: string;
}

/** An in-memory SlackPoster that keeps what was posted and refuses Block Kit Slack would refuse. */
export function createRecordingPoster() {
  let seq = 0;
  const posts: Recorded[] = [];
  const updates: { channel: string; ts: string; text: string; blocks?: Block[] }[] = [];
  const check = (blocks: Block[] | undefined) => {
    const errors = blockKitErrors(blocks ?? []);
    if (errors.length) throw new Error(`invalid_blocks: ${errors.join('; ')}`);
  };
  const poster: SlackPoster & {
    posts: Recorded[];
    updates: typeof updates;
    failNext: number;
    latencyMs: number;
  } = {
    posts,
    updates,
    failNext: 0,
    /** A real delay per post, so that two runs racing for the same period really overlap. */
    latencyMs: 0,
    async post(msg) {
      if (poster.latencyMs) await new Promise((r) => setTimeout(r, poster.latencyMs));
      if (poster.failNext > 0) {
        poster.failNext--;
        throw new Error('slack is down');
      }
      check(msg.blocks);
      const ts = `1700000000.${String(++seq).padStart(6, '0')}`;
      posts.push({ ...msg, ts });
      return { ts, channel: msg.channel };
    },
    async update(msg) {
      check(msg.blocks);
      updates.push(msg);
    },
    async ephemeral() {},
    async permalink(channel, ts) {
      return `https://example.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
    },
  };
  return poster;
}

export const silentLogger = () => createLogger({ level: 'silent' });

/** Job dependencies over a real database, built from a YAML config as the bot would read it. */
export function jobDeps(
  handle: DatabaseHandle,
  yaml: string,
  opts: { start?: number; checklistItems?: number } = {},
) {
  const clock = createManualClock(opts.start ?? Date.UTC(2026, 0, 15, 12));
  const poster = createRecordingPoster();
  const config = { file: parseFileConfig(yaml) };
  const checklist = opts.checklistItems ? checklistWith(opts.checklistItems) : defaultChecklist();
  const errors: string[] = [];
  const logger = silentLogger();
  const origError = logger.error.bind(logger);
  logger.error = ((obj: unknown, msg?: string) => {
    errors.push(String(msg ?? obj));
    return origError(obj as object, msg);
  }) as typeof logger.error;
  const deps: JobDeps = {
    db: handle.db,
    clock,
    poster,
    config,
    checklist,
    logger,
    maintenance: createMaintenanceService({ db: handle.db, clock, checklist, config }),
  };
  return { deps, clock, poster, errors };
}

/** The default checklist with `n` maintenance items (for block-limit tests). */
export function checklistWith(n: number): Checklist {
  const base = defaultChecklist();
  const items = Array.from({ length: n }, (_, i) => ({
    id: `monthly.item-${i}`,
    text: `Maintenance task number ${i}`,
  }));
  return { ...base, maintenance: { ...base.maintenance, items } };
}
