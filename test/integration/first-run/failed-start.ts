import { rmSync } from 'node:fs';
import { expect } from 'vitest';
import { startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { BOT_TOKEN } from '../../helpers/slack-harness.js';
import { spawnBot } from '../../helpers/spawn-bot.js';

/**
 * A bound on a process that must end, not a timing goal: a tsx start on a loaded 2-core machine takes well
 * over 10 s by itself, while the failures these tests guard against may never end at all.
 */
export const BOUND_MS = 90_000;

/**
 * Starts the real entry point (against a fake Slack of its own) for a start-up that must fail, and waits for
 * it to end; a process still running after BOUND_MS is killed and answers 'still running'. The folder
 * spawnBot makes when `dir` is not given is removed afterwards.
 */
export async function startExpectingExit(opts: { env: Record<string, string>; dir?: string }) {
  const fake = await startFakeSlack({ token: BOT_TOKEN });
  try {
    const bot = await spawnBot({ apiUrl: fake.apiUrl, ...opts, waitReady: false });
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      bot.exited,
      new Promise<'still running'>((r) => {
        timer = setTimeout(() => r('still running'), BOUND_MS);
      }),
    ]);
    clearTimeout(timer);
    if (code === 'still running') bot.child.kill('SIGKILL');
    if (!opts.dir) rmSync(bot.dir, { recursive: true, force: true });
    return { code, stderr: bot.stderr() };
  } finally {
    await fake.close();
  }
}

/** Exit 78 (configuration error) and exactly one line on stderr, matching `pattern`. */
export function expectOneLine(r: { code: unknown; stderr: string }, pattern: RegExp) {
  const lines = r.stderr.trim().split('\n');
  expect(lines).toEqual([expect.stringMatching(pattern)]);
  expect(r.code).toBe(78);
}
