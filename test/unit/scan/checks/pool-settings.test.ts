import { describe, expect, it } from 'vitest';
import { connectTimeout } from '../../../../src/scan/checks/connect-timeout.js';
import { maxOverflow } from '../../../../src/scan/checks/max-overflow.js';
import { poolPrePing } from '../../../../src/scan/checks/pool-pre-ping.js';
import { poolSize } from '../../../../src/scan/checks/pool-size.js';
import { createMemoryRepo, fixture, runCheck } from '../../../helpers/scan-memory-repo.js';

const engine = (args: string, url = '"postgresql+psycopg://app@db/app"') =>
  createMemoryRepo({
    'db.py': `from sqlalchemy import create_engine\nfrom sqlalchemy.pool import NullPool\nengine = create_engine(${url}${args})\n`,
  });

describe('scan pool checks (pool-size, max-overflow, pool-pre-ping, connect-timeout)', () => {
  it('reads the template’s bare create_engine(str(settings.SQLALCHEMY_DATABASE_URI)) as defaults', () => {
    const repo = fixture('template-like');
    const at = ['backend/app/core/db.py:7'];
    expect(runCheck(poolSize, repo)).toMatchObject({ verdict: 'fail', where: at });
    expect(runCheck(poolSize, repo).summary).toContain('only 5');
    expect(runCheck(maxOverflow, repo)).toMatchObject({ verdict: 'warn', where: at });
    expect(runCheck(poolPrePing, repo)).toMatchObject({ verdict: 'fail', where: at });
    expect(runCheck(connectTimeout, repo)).toMatchObject({ verdict: 'fail', where: at });
  });

  it('passes settings-driven values, pointing at both the call and the setting', () => {
    const repo = fixture('well-configured');
    expect(runCheck(poolSize, repo)).toMatchObject({
      verdict: 'pass',
      where: ['app/db.py:7', 'app/settings.py:13'],
    });
    expect(runCheck(maxOverflow, repo)).toMatchObject({
      verdict: 'pass',
      where: ['app/db.py:7', 'app/settings.py:14'],
    });
    expect(runCheck(poolPrePing, repo)).toMatchObject({
      verdict: 'pass',
      where: ['app/db.py:7', 'app/db.py:11'],
    });
    expect(runCheck(connectTimeout, repo)).toMatchObject({
      verdict: 'pass',
      where: ['app/db.py:7', 'app/settings.py:15'],
    });
  });

  it('warns on pool_size=100 and unlimited overflow', () => {
    const repo = fixture('broken');
    expect(runCheck(poolSize, repo)).toMatchObject({ verdict: 'warn', where: ['app.py:16'] });
    expect(runCheck(maxOverflow, repo)).toMatchObject({ verdict: 'warn', where: ['app.py:16'] });
  });

  it('reads connect_timeout from the URL query and NullPool as no pool', () => {
    expect(runCheck(connectTimeout, engine('', '"postgresql://db/app?connect_timeout=5"')).verdict).toBe(
      'pass',
    );
    expect(runCheck(poolSize, engine(', poolclass=NullPool')).verdict).toBe('warn');
    expect(runCheck(poolPrePing, engine(', poolclass=NullPool')).verdict).toBe('pass');
  });

  it('is unknown for SQLite and without any engine', () => {
    expect(runCheck(poolSize, engine('', '"sqlite:///./app.db"')).verdict).toBe('unknown');
    expect(runCheck(connectTimeout, engine('', 'f"sqlite:///{path}"')).verdict).toBe('unknown');
    expect(runCheck(poolPrePing, createMemoryRepo({ 'a.py': 'x = 1\n' })).verdict).toBe('unknown');
  });
});
