import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';

/** A real SQLite file built from the real migrations, removed after the test. */
export function createTestDatabase(): DatabaseHandle & { path: string; dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-check-test-'));
  const path = join(dir, 'test.sqlite');
  const handle = openDatabase(path);
  return {
    ...handle,
    path,
    dir,
    cleanup() {
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
