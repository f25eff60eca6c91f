import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/client.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates missing parent directories, and opens the same file again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-check-db-'));
    dirs.push(dir);
    const path = join(dir, 'a', 'b', 'c', 'db.sqlite');
    const first = openDatabase(path);
    expect(first.ping()).toBe(true);
    first.close();
    const again = openDatabase(path);
    expect(again.ping()).toBe(true);
    again.close();
  });

  it('fails at once, naming the directory, where the kernel will not create one', () => {
    // Node's recursive mkdir loops forever here; the test would hang rather than fail.
    expect(() => openDatabase('/proc/nope/deeper/db.sqlite')).toThrow(
      expect.objectContaining({ code: 'ENOENT', path: '/proc/nope' }),
    );
  });
});
