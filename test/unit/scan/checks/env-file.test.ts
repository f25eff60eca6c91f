import { describe, expect, it } from 'vitest';
import { envFileCheck } from '../../../../src/scan/checks/env-file.js';
import { checkOnTmpRepo, fixture } from '../../../helpers/scan-repo.js';

const check = checkOnTmpRepo(envFileCheck);

describe('scan:env-file', () => {
  it('fails on a tracked .env as in the full-stack template, its secret masked', async () => {
    const r = await check(
      { '.env': '# Domain\nDOMAIN=localhost\n\nSECRET_KEY=changethis\n' },
      { git: true, from: fixture('template-like') },
    );
    expect(r.verdict).toBe('fail');
    expect(r.summary).toBe('.env is tracked by git');
    // The telltale line, not the comment on line 1.
    expect(r.evidence).toEqual([{ path: '.env', line: 4, text: 'SECRET_KEY=****' }]);
  });

  it('fails on a tracked .env even when .gitignore lists it, showing the file and the ignore line', async () => {
    const r = await check(
      { '.gitignore': 'node_modules/\n.env\n', 'backend/.env': 'SECRET_KEY=changethis\n' },
      { git: true },
    );
    expect(r.verdict).toBe('fail');
    expect(r.why).toContain('also in .gitignore, which does not untrack a file already committed');
    expect(r.evidence).toEqual([
      { path: 'backend/.env', line: 1, text: 'SECRET_KEY=****' },
      { path: '.gitignore', line: 2, text: '.env' },
    ]);
  });

  it('fails on an untracked .env no rule ignores', async () => {
    const r = await check(
      { '.gitignore': '__pycache__/\n', 'app.py': '', '.env': 'API_KEY=abc\n' },
      { git: true, untracked: ['.env'] },
    );
    expect(r).toMatchObject({ verdict: 'fail', summary: '.env is not ignored' });
    expect(r.evidence).toEqual([{ path: '.env', line: 1, text: 'API_KEY=****' }]);
  });

  it('fails when no .gitignore rule would cover a .env', async () => {
    const r = await check({ '.gitignore': '__pycache__/\n', 'app.py': '' }, { git: true });
    expect(r).toMatchObject({ verdict: 'fail', summary: '.gitignore has no rule for `.env`', evidence: [] });
  });

  it('passes when .env is ignored and untracked, with the rule as evidence', async () => {
    const r = await check(
      { '.env': 'SECRET_KEY=x\n', '.env.example': 'SECRET_KEY=\n' },
      {
        git: true,
        untracked: ['.env'],
        from: fixture('ops-ready'),
      },
    );
    expect(r.verdict).toBe('pass');
    expect(r.evidence).toEqual([{ path: '.gitignore', line: 4, text: '.env' }]);
  });

  it('lets a tracked front-end .env of public build variables pass, and still fails one with a secret', async () => {
    const files = { '.gitignore': '.env\n', 'frontend/.env': 'VITE_API_URL=http://localhost:8000\n' };
    const ok = await check(files, { git: true });
    expect(ok.verdict).toBe('pass');
    expect(ok.why).toContain('frontend/.env holds only public front-end build settings');
    const bad = await check(
      { ...files, 'frontend/.env': 'VITE_API_URL=/api\nSENTRY_AUTH_TOKEN=sntrys_x\n' },
      { git: true },
    );
    expect(bad).toMatchObject({
      verdict: 'fail',
      evidence: [
        { path: 'frontend/.env', line: 2, text: 'SENTRY_AUTH_TOKEN=****' },
        { path: '.gitignore', line: 1, text: '.env' },
      ],
    });
  });

  it('says unknown outside a work tree with no .gitignore', async () => {
    const r = await check({ 'app.py': '' });
    expect(r.verdict).toBe('unknown');
  });
});
