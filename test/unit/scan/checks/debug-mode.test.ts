import { describe, expect, it } from 'vitest';
import { debugMode } from '../../../../src/scan/checks/debug-mode.js';
import { createMemoryRepo, fixture, runCheck } from '../../../helpers/scan-memory-repo.js';

describe('scan:debug-mode', () => {
  it('fails FastAPI(debug=True)', () => {
    expect(runCheck(debugMode, fixture('broken'))).toMatchObject({ verdict: 'fail', where: ['app.py:18'] });
  });

  it('fails debug=settings.DEBUG whose default is True, with the field line', () => {
    const repo = createMemoryRepo({
      'app/config.py': 'class Settings(BaseSettings):\n    DEBUG: bool = True\n\nsettings = Settings()\n',
      'app/main.py':
        'from fastapi import FastAPI\nfrom app.config import settings\napp = FastAPI(debug=settings.DEBUG)\n',
    });
    expect(runCheck(debugMode, repo)).toMatchObject({
      verdict: 'fail',
      where: ['app/main.py:3', 'app/config.py:2'],
    });
  });

  it('warns on uvicorn.run(reload=True) when debug is off', () => {
    const repo = createMemoryRepo({
      'main.py':
        'import uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\nif __name__ == "__main__":\n    uvicorn.run(app, reload=True)\n',
    });
    expect(runCheck(debugMode, repo)).toMatchObject({ verdict: 'warn', where: ['main.py:5'] });
  });

  it('passes the template and the well-configured app; unknown without an app', () => {
    expect(runCheck(debugMode, fixture('template-like'))).toMatchObject({
      verdict: 'pass',
      where: ['backend/app/main.py:17'],
    });
    expect(runCheck(debugMode, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/main.py:27'],
    });
    expect(runCheck(debugMode, createMemoryRepo({ 'a.py': 'x = 1\n' })).verdict).toBe('unknown');
  });
});
