import { describe, expect, it } from 'vitest';
import { secretKey } from '../../../../src/scan/checks/secret-key.js';
import { createMemoryRepo, fixture, runCheck } from '../../../helpers/scan-memory-repo.js';

const settings = (line: string) =>
  createMemoryRepo({
    'app/config.py': `from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n${line}\n`,
  });

describe('scan:secret-key', () => {
  it('passes the template’s secrets.token_urlsafe(32) default, on the field line', () => {
    expect(runCheck(secretKey, fixture('template-like'))).toMatchObject({
      verdict: 'pass',
      where: ['backend/app/core/config.py:35'],
    });
  });

  it('passes a required SecretStr field (environment only)', () => {
    expect(runCheck(secretKey, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/settings.py:11'],
    });
  });

  it('fails os.getenv("SECRET_KEY", "secret") with the default’s line', () => {
    const r = runCheck(secretKey, fixture('broken'));
    expect(r).toMatchObject({ verdict: 'fail', where: ['config.py:3'] });
    expect(r.summary).toContain('well-known placeholder');
  });

  it('fails a "changethis" settings default and a long literal alike', () => {
    expect(runCheck(secretKey, settings('    SECRET_KEY: str = "changethis"'))).toMatchObject({
      verdict: 'fail',
      where: ['app/config.py:4'],
    });
    const long = runCheck(secretKey, settings(`    JWT_SECRET: str = "${'k'.repeat(48)}"`));
    expect(long.verdict).toBe('fail');
    expect(long.summary).toContain('literal committed');
  });

  it('follows a secret_key= argument to a module constant', () => {
    const repo = createMemoryRepo({
      'main.py':
        'from starlette.middleware.sessions import SessionMiddleware\nKEY = "short"\napp.add_middleware(SessionMiddleware, secret_key=KEY)\n',
    });
    expect(runCheck(secretKey, repo)).toMatchObject({ verdict: 'fail', where: ['main.py:2'] });
  });

  it('warns on a random key under 32 bytes and is unknown without any key', () => {
    expect(runCheck(secretKey, settings('    SECRET_KEY: str = secrets.token_hex(16)')).verdict).toBe('warn');
    expect(runCheck(secretKey, createMemoryRepo({ 'main.py': 'app = FastAPI()\n' })).verdict).toBe('unknown');
  });
});
