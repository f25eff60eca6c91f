import { describe, expect, it } from 'vitest';
import { cors } from '../../../../src/scan/checks/cors.js';
import { createMemoryRepo, fixture, runCheck } from '../../../helpers/scan-memory-repo.js';

const app = (args: string) =>
  createMemoryRepo({
    'main.py': `from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\napp = FastAPI()\napp.add_middleware(CORSMiddleware, ${args})\n`,
  });

describe('scan:cors', () => {
  it('fails allow_origins=["*"] with credentials and explains the echoed Origin', () => {
    const r = runCheck(cors, fixture('broken'));
    expect(r).toMatchObject({ verdict: 'fail', where: ['app.py:19', 'app.py:21'] });
    expect(r.why).toContain('echoes');
  });

  it('passes origins from settings (template, well-configured)', () => {
    expect(runCheck(cors, fixture('template-like'))).toMatchObject({
      verdict: 'pass',
      where: ['backend/app/main.py:25'],
    });
    expect(runCheck(cors, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/main.py:30'],
    });
  });

  it('warns on a wildcard without credentials, fails a match-all regex with credentials', () => {
    expect(runCheck(cors, app('allow_origins=["*"]')).verdict).toBe('warn');
    expect(runCheck(cors, app('allow_origin_regex=".*", allow_credentials=True')).verdict).toBe('fail');
    expect(
      runCheck(cors, app('allow_origin_regex=r"https://.*\\.example\\.com", allow_credentials=True')).verdict,
    ).toBe('pass');
  });

  it('follows a wildcard through a settings default', () => {
    const repo = createMemoryRepo({
      'config.py':
        'class Settings(BaseSettings):\n    ORIGINS: list[str] = ["*"]\n    CREDS: bool = True\nsettings = Settings()\n',
      'main.py':
        'from config import settings\napp = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origins=settings.ORIGINS, allow_credentials=settings.CREDS)\n',
    });
    expect(runCheck(cors, repo)).toMatchObject({ verdict: 'fail', where: ['main.py:3', 'config.py:2'] });
  });

  it('reads a pure ASGI wrap, app = CORSMiddleware(app, ...)', () => {
    const repo = createMemoryRepo({
      'asgi.py':
        'from starlette.middleware.cors import CORSMiddleware\nfrom app.main import app as api\n\napp = CORSMiddleware(api, allow_origins=["*"], allow_credentials=True)\n',
    });
    expect(runCheck(cors, repo)).toMatchObject({ verdict: 'fail', where: ['asgi.py:4'] });
  });

  it('passes an app without CORSMiddleware (no CORS headers at all)', () => {
    const r = runCheck(
      cors,
      createMemoryRepo({ 'main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n' }),
    );
    expect(r).toMatchObject({ verdict: 'pass', where: ['main.py:3'] });
    expect(r.summary).toContain('no CORS headers');
  });
});
