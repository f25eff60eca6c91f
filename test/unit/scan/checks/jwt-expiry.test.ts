import { describe, expect, it } from 'vitest';
import { jwtExpiry } from '../../../../src/scan/checks/jwt-expiry.js';
import { createMemoryRepo, fixture, runCheck } from '../../../helpers/scan-memory-repo.js';

const token = (delta: string) =>
  createMemoryRepo({
    'auth.py': `import jwt\nfrom datetime import datetime, timedelta\n\ndef issue(sub):\n    exp = datetime.utcnow() + ${delta}\n    return jwt.encode({"sub": sub, "exp": exp}, KEY)\n`,
  });

describe('scan:jwt-expiry', () => {
  it('fails the template’s 60 * 24 * 8 minutes, pointing at the setting', () => {
    const r = runCheck(jwtExpiry, fixture('template-like'));
    expect(r).toMatchObject({ verdict: 'fail', where: ['backend/app/core/config.py:37'] });
    expect(r.summary).toContain('11520 minutes');
  });

  it('passes 15 minutes and ignores the 14-day refresh token', () => {
    expect(runCheck(jwtExpiry, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/settings.py:16'],
    });
  });

  it('fails a jwt.encode without "exp"', () => {
    expect(runCheck(jwtExpiry, fixture('broken'))).toMatchObject({ verdict: 'fail', where: ['app.py:41'] });
  });

  it('grades timedelta lifetimes: 30 min pass, 1 h warn, 2 days fail', () => {
    expect(runCheck(jwtExpiry, token('timedelta(minutes=30)'))).toMatchObject({
      verdict: 'pass',
      where: ['auth.py:5'],
    });
    expect(runCheck(jwtExpiry, token('timedelta(hours=1)')).verdict).toBe('warn');
    expect(runCheck(jwtExpiry, token('timedelta(days=2)')).verdict).toBe('fail');
  });

  it('is unknown without JWTs', () => {
    expect(runCheck(jwtExpiry, createMemoryRepo({ 'a.py': 'x = 1\n' })).verdict).toBe('unknown');
  });
});
