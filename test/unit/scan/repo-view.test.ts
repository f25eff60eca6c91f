import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonReader } from '../../../src/scan/readers/python.js';
import { createRepoView } from '../../../src/scan/repo-view.js';
import { tmpRepos } from '../../helpers/scan-repo.js';

const repo = tmpRepos();

describe('createRepoView', () => {
  it('lists files sorted, skipping and counting node_modules, virtualenvs, vendored trees and binaries', async () => {
    const { dir } = repo({
      'app/main.py': 'x = 1\n',
      'README.md': '# r\n',
      'node_modules/pkg/index.js': 'x',
      '.venv/lib/a.py': 'x',
      'venv/lib/b.py': 'x',
      'vendor/lib.py': 'x',
      'third_party/x.py': 'x',
      'static/logo.png': 'PNG',
    });
    const view = await createRepoView(dir);
    expect(view.files.map((f) => f.path)).toEqual(['README.md', 'app/main.py']);
    expect(view.counts()).toEqual({ scanned: 2, skipped: 6 });
  });

  it('skips a file over 1 MiB with a note and a binary found on reading without one', async () => {
    const { dir } = repo({ 'a.py': 'x = 1\n' });
    writeFileSync(join(dir, 'big.txt'), Buffer.alloc(1024 * 1024 + 1, 'a'));
    writeFileSync(join(dir, 'data.txt'), Buffer.from([104, 105, 0, 1, 2]));
    const view = await createRepoView(dir);
    expect(view.read('data.txt')).toBeUndefined();
    expect(view.read('a.py')).toBe('x = 1\n');
    expect(view.notes()).toEqual([{ path: 'big.txt', note: '1.0 MiB, over the 1 MiB limit; skipped' }]);
    expect(view.counts()).toEqual({ scanned: 1, skipped: 2 });
  });

  it('never reads through a symlink out of the tree, and reads one that stays inside', async () => {
    const outside = repo({ 'secret.txt': 'TOP SECRET\n' });
    const { dir } = repo({ 'app/real.py': 'y = 2\n' });
    symlinkSync(join(outside.dir, 'secret.txt'), join(dir, 'leak.txt'));
    symlinkSync('real.py', join(dir, 'app/alias.py'));
    const view = await createRepoView(dir);
    expect(view.read('leak.txt')).toBeUndefined();
    expect(view.read('app/alias.py')).toBe('y = 2\n');
    expect(view.notes()).toEqual([
      { path: 'leak.txt', note: 'symlink points outside the scanned directory; not read' },
    ]);
  });

  it('notes invalid UTF-8 and a reader that throws, and caches each parse', async () => {
    const { dir } = repo({ 'ok.py': 'a = 1\n' });
    writeFileSync(join(dir, 'bad.py'), Buffer.from([0x61, 0xff, 0xfe, 0x0a]));
    const view = await createRepoView(dir);
    expect(view.read('bad.py')).toBeUndefined();
    const first = view.parse('ok.py', pythonReader);
    expect(view.parse('ok.py', pythonReader)).toBe(first);
    const throwing = {
      name: 'boom',
      parse: () => {
        throw new Error('cannot parse');
      },
    };
    expect(view.parse('ok.py', throwing)).toBeUndefined();
    expect(view.notes()).toEqual([
      { path: 'bad.py', note: 'not valid UTF-8; skipped' },
      { path: 'ok.py', note: 'boom reader: cannot parse' },
    ]);
  });

  it('applies every .gitignore from the root down, nested ones relative to their folder', async () => {
    const { dir } = repo({
      '.gitignore': '.env*\n!.env.example\nbuild/\n',
      'backend/.gitignore': '/local.py\n',
      'backend/local.py': '',
      'local.py': '',
      'backend/build/x.py': '',
    });
    const view = await createRepoView(dir);
    expect(view.isIgnored('.env')).toBe(true);
    expect(view.isIgnored('backend/.env.production')).toBe(true);
    expect(view.isIgnored('.env.example')).toBe(false);
    expect(view.isIgnored('backend/local.py')).toBe(true);
    expect(view.isIgnored('local.py')).toBe(false);
    expect(view.isIgnored('backend/build/x.py')).toBe(true);
    expect(view.ignoredBy('.env')).toEqual({ file: '.gitignore', line: 1 });
    expect(view.ignoredBy('backend/local.py')).toEqual({ file: 'backend/.gitignore', line: 1 });
  });

  it('knows what git tracks (relative to the scanned folder) and HEAD', async () => {
    const { dir } = repo(
      { 'backend/app/main.py': 'x = 1\n', 'backend/.env': 'A=1\n', 'backend/notes.txt': 'n\n' },
      { git: true, untracked: ['backend/notes.txt'] },
    );
    const view = await createRepoView(join(dir, 'backend'));
    expect([...(view.git.tracked ?? [])].sort()).toEqual(['.env', 'app/main.py']);
    expect(view.git.commit).toMatch(/^[0-9a-f]{40}$/);
    const plain = await createRepoView(repo({ 'a.py': '' }).dir);
    expect(plain.git).toEqual({ tracked: undefined, commit: undefined });
  });

  it('masks secrets in evidence lines and trims them to 200 characters', async () => {
    const long = `# ${'x'.repeat(300)}`;
    const { dir } = repo({ '.env': 'SECRET_KEY=changethis\nDEBUG=false\n', 'c.py': `${long}\n` });
    mkdirSync(join(dir, 'd'));
    const view = await createRepoView(dir);
    expect(view.evidence('.env', 1)).toEqual({ path: '.env', line: 1, text: 'SECRET_KEY=****' });
    expect(view.evidence('.env', 2).text).toBe('DEBUG=false');
    expect(view.evidence('c.py', 1).text).toHaveLength(200);
  });

  it('masks what secretlint finds once asked for the file', async () => {
    const key = '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';
    const { dir } = repo({ 'conf.py': `gh = "${key}"  # deploy\n` });
    const view = await createRepoView(dir);
    const found = await view.secrets('conf.py');
    expect(found.map((f) => f.rule)).toEqual(['@secretlint/secretlint-rule-github']);
    expect(view.evidence('conf.py', 1).text).toBe('gh = "****"  # deploy');
  });
});
