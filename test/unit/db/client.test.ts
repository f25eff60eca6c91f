import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/client.js';

// Where a SQLite file may be opened (the Postgres side is in pg-migrate.test.ts).
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openDatabase on a SQLite file', () => {
  it('creates missing parent directories, and opens the same file again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-check-db-'));
    dirs.push(dir);
    const path = join(dir, 'a', 'b', 'c', 'db.sqlite');
    const first = await openDatabase(path);
    expect(first.dialect).toBe('sqlite');
    expect(await first.ping()).toBe(true);
    await first.close();
    expect(await first.ping()).toBe(false);
    const again = await openDatabase({ kind: 'sqlite', path });
    expect(await again.ping()).toBe(true);
    await again.close();
  });

  it('fails at once, naming the directory, where the kernel will not create one', async () => {
    // Node's recursive mkdir loops forever here; the test would hang rather than fail.
    await expect(openDatabase('/proc/nope/deeper/db.sqlite')).rejects.toEqual(
      expect.objectContaining({ code: 'ENOENT', path: '/proc/nope' }),
    );
  });
});
