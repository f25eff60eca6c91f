import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { BOT_TOKEN } from '../../helpers/slack-harness.js';
import { spawnBot } from '../../helpers/spawn-bot.js';

// A bound on a process that must end, not a timing goal: a tsx start on a loaded machine takes well over
// 10 s, while the failure this guards against (recursive mkdir under /proc) never ends at all.
const BOUND_MS = 90_000;

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

it.each([
  ['a directory the kernel will not create', () => '/proc/nope/db.sqlite'],
  ['a path under a file', (dir: string) => join(dir, 'c.yml', 'db.sqlite')], // spawnBot writes c.yml
])(
  'the real entry point ends with exit 78 and one line naming DATABASE_PATH for %s',
  async (_, path) => {
    const fake = await startFakeSlack({ token: BOT_TOKEN });
    cleanup.push(() => fake.close());
    const dir = mkdtempSync(join(tmpdir(), 'deploy-check-dbpath-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const databasePath = path(dir);
    const bot = await spawnBot({
      apiUrl: fake.apiUrl,
      dir,
      env: { DATABASE_PATH: databasePath },
      waitReady: false,
    });
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      bot.exited,
      new Promise<'still running'>((r) => {
        timer = setTimeout(() => r('still running'), BOUND_MS);
      }),
    ]);
    clearTimeout(timer);
    if (code === 'still running') bot.child.kill('SIGKILL');
    expect(code).toBe(78);
    const lines = bot.stderr().trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^deploy-check: cannot open DATABASE_PATH ${databasePath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: .+; set DATABASE_PATH to a writable file\\.$`,
        ),
      ),
    ]);
  },
  BOUND_MS + 30_000,
);
