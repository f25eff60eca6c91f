import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultChecklist } from '../../../src/checklist/checklist.js';
import { SCAN_CHECKS } from '../../../src/scan/registry.js';

const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');

describe('SCAN_CHECKS', () => {
  it('has unique kebab-case ids', () => {
    const ids = SCAN_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('backs every scan:<id> the default checklist names', () => {
    const ids = new Set(SCAN_CHECKS.map((c) => c.id));
    const named = defaultChecklist()
      .allSections.flatMap((s) => s.groups.flatMap((g) => g.items))
      .flatMap((i) => i.verifiedBy ?? [])
      .filter((v) => v.startsWith('scan:'))
      .map((v) => v.slice(5));
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('has a row in the README table of the repository scan for each check', () => {
    const section = readme.slice(readme.indexOf('## Repository scan'), readme.indexOf('### In CI'));
    const rows = new Set([...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]));
    expect(SCAN_CHECKS.map((c) => c.id).filter((id) => !rows.has(id))).toEqual([]);
  });
});
