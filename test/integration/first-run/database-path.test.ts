import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, it } from 'vitest';
import { BOUND_MS, expectOneLine, startExpectingExit } from './failed-start.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

it.each([
  // The kernel never refuses a recursive mkdir under /proc: without a bound the start-up never ends.
  ['a directory the kernel will not create', () => '/proc/nope/db.sqlite'],
  ['a path under a file', (dir: string) => join(dir, 'c.yml', 'db.sqlite')], // spawnBot writes c.yml
])(
  'the real entry point ends with exit 78 and one line naming DATABASE_PATH for %s',
  async (_, path) => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-check-dbpath-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const databasePath = path(dir);
    const r = await startExpectingExit({ dir, env: { DATABASE_PATH: databasePath } });
    expectOneLine(
      r,
      new RegExp(
        `^deploy-check: cannot open DATABASE_PATH ${databasePath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: .+; set DATABASE_PATH to a writable file\\.$`,
      ),
    );
  },
  BOUND_MS + 30_000,
);
