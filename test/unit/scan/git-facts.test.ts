import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGitFacts } from '../../../src/scan/git-facts.js';
import { tmpRepos } from '../../helpers/scan-repo.js';

const repo = tmpRepos();

describe('readGitFacts', () => {
  it("never runs a program the scanned repository's config names (core.fsmonitor runs on git ls-files)", async () => {
    const r = repo({ 'a.py': 'x = 1\n' }, { git: true });
    const marker = join(r.dir, '.git', 'fsmonitor-ran');
    const hook = join(r.dir, '.git', 'hook.sh');
    writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\necho\n`);
    chmodSync(hook, 0o755);
    execFileSync('git', ['config', 'core.fsmonitor', hook], { cwd: r.dir });
    // Plain git does run it: the hostile case is real.
    execFileSync('git', ['ls-files'], { cwd: r.dir });
    expect(existsSync(marker)).toBe(true);
    execFileSync('rm', [marker]);
    const facts = await readGitFacts(r.dir);
    expect(facts.tracked).toEqual(new Set(['a.py']));
    expect(existsSync(marker)).toBe(false);
  });

  it('has no commit in a work tree without one, and nothing outside a work tree', async () => {
    const fresh = repo({ 'a.py': '' });
    expect(await readGitFacts(fresh.dir)).toEqual({ tracked: undefined, commit: undefined });
    execFileSync('git', ['init', '-q'], { cwd: fresh.dir });
    expect(await readGitFacts(fresh.dir)).toEqual({ tracked: new Set(), commit: undefined });
  });
});
