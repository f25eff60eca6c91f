import { describe, expect, it } from 'vitest';
import { databaseUrl } from '../../../../src/scan/checks/database-url.js';
import { createMemoryRepo, fixture, runCheck } from '../../../helpers/scan-memory-repo.js';

const engine = (url: string) =>
  createMemoryRepo({ 'db.py': `from sqlalchemy import create_engine\n\nengine = create_engine(${url})\n` });

describe('scan:database-url', () => {
  it('passes a URL built from environment settings (template) or required from the environment', () => {
    expect(runCheck(databaseUrl, fixture('template-like'))).toMatchObject({
      verdict: 'pass',
      where: ['backend/app/core/db.py:7', 'backend/app/core/config.py:63'],
    });
    expect(runCheck(databaseUrl, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/db.py:7', 'app/settings.py:12'],
    });
  });

  it('warns on an os.environ.get default pointing at the compose database', () => {
    const r = runCheck(databaseUrl, fixture('broken'));
    expect(r).toMatchObject({ verdict: 'warn', where: ['app.py:16', 'config.py:4'] });
    expect(r.summary).toContain('(db)');
  });

  it('fails a production host written in code, warns on SQLite', () => {
    expect(
      runCheck(databaseUrl, engine('"postgresql://app:hunter2@prod-db.internal:5432/app"')),
    ).toMatchObject({ verdict: 'fail', where: ['db.py:3'] });
    expect(runCheck(databaseUrl, engine('"sqlite:///./app.db"')).verdict).toBe('warn');
    expect(runCheck(databaseUrl, createMemoryRepo({ 'a.py': 'x = 1\n' })).verdict).toBe('unknown');
  });
});
