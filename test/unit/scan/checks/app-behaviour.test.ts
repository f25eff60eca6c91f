import { describe, expect, it } from 'vitest';
import { dbCleanup } from '../../../../src/scan/checks/db-cleanup.js';
import { exceptionHandlers } from '../../../../src/scan/checks/exception-handlers.js';
import { lifespanShutdown } from '../../../../src/scan/checks/lifespan-shutdown.js';
import { rawSql } from '../../../../src/scan/checks/raw-sql.js';
import { requestId } from '../../../../src/scan/checks/request-id.js';
import { createMemoryRepo, fixture, runCheck } from '../../../helpers/scan-memory-repo.js';

const py = (source: string) =>
  createMemoryRepo({ 'main.py': `from fastapi import FastAPI\napp = FastAPI()\n${source}` });

describe('scan:exception-handlers', () => {
  it('passes handlers for all three kinds, failing none, warning on some', () => {
    expect(runCheck(exceptionHandlers, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/errors.py:20', 'app/errors.py:24', 'app/errors.py:28'],
    });
    expect(runCheck(exceptionHandlers, fixture('template-like')).verdict).toBe('fail');
    const some = runCheck(
      exceptionHandlers,
      py('app.add_exception_handler(RequestValidationError, on_invalid)\n'),
    );
    expect(some).toMatchObject({ verdict: 'warn', where: ['main.py:3'] });
    expect(some.summary).toBe('no handler for HTTPException, Exception');
  });

  it('counts a middleware that catches Exception as the catch-all', () => {
    const r = runCheck(
      exceptionHandlers,
      py(
        '@app.middleware("http")\nasync def guard(request, call_next):\n    try:\n        return await call_next(request)\n    except Exception:\n        return JSONResponse({"detail": "error"}, 500)\n\n@app.exception_handler(HTTPException)\nasync def h(r, e): ...\n\n@app.exception_handler(RequestValidationError)\nasync def v(r, e): ...\n',
      ),
    );
    expect(r).toMatchObject({ verdict: 'pass', where: ['main.py:7', 'main.py:10', 'main.py:13'] });
  });
});

describe('scan:request-id', () => {
  it('passes CorrelationIdMiddleware and a custom X-Request-ID header; fails none', () => {
    expect(runCheck(requestId, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/main.py:29'],
    });
    const custom = py(
      '@app.middleware("http")\nasync def rid(request, call_next):\n    response = await call_next(request)\n    response.headers["X-Request-ID"] = str(uuid4())\n    return response\n',
    );
    expect(runCheck(requestId, custom)).toMatchObject({ verdict: 'pass', where: ['main.py:6'] });
    expect(runCheck(requestId, fixture('template-like')).verdict).toBe('fail');
  });
});

describe('scan:raw-sql', () => {
  it('fails text(f"...{username}...") and "..." % user_id, each on its line', () => {
    expect(runCheck(rawSql, fixture('broken'))).toMatchObject({
      verdict: 'fail',
      where: ['app.py:37', 'app.py:48'],
    });
  });

  it('fails a .format() query held in a local variable, passes an f-string of constants', () => {
    const fmt = py(
      'def q(conn, name):\n    sql = "SELECT * FROM t WHERE n = \'{}\'".format(name)\n    return conn.execute(sql)\n',
    );
    expect(runCheck(rawSql, fmt)).toMatchObject({ verdict: 'fail', where: ['main.py:5'] });
    const constant = py(
      'from sqlalchemy import text\nTABLE = "orders"\nq = text(f"SELECT count(*) FROM {TABLE}")\n',
    );
    expect(runCheck(rawSql, constant).verdict).toBe('pass');
  });

  it('passes bound parameters and ORM-only code', () => {
    expect(runCheck(rawSql, fixture('well-configured')).verdict).toBe('pass');
    expect(runCheck(rawSql, fixture('template-like'))).toMatchObject({
      verdict: 'pass',
      summary: 'ORM queries only',
    });
  });
});

describe('scan:db-cleanup', () => {
  it('passes `with Session(engine)` dependencies and engine.dispose() after yield', () => {
    expect(runCheck(dbCleanup, fixture('template-like')).verdict).toBe('pass');
    const r = runCheck(dbCleanup, fixture('well-configured'));
    expect(r.verdict).toBe('pass');
    expect(r.where).toContain('app/main.py:24');
  });

  it('fails a connection opened without with or close()', () => {
    expect(runCheck(dbCleanup, fixture('broken'))).toMatchObject({ verdict: 'fail', where: ['app.py:47'] });
  });
});

describe('scan:lifespan-shutdown', () => {
  it('passes code after the lifespan’s yield and an on_event("shutdown") handler', () => {
    expect(runCheck(lifespanShutdown, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/main.py:24'],
    });
    const old = py('@app.on_event("shutdown")\nasync def close():\n    await client.aclose()\n');
    expect(runCheck(lifespanShutdown, old)).toMatchObject({ verdict: 'pass', where: ['main.py:3'] });
    const tryFinally = py(
      '@asynccontextmanager\nasync def lifespan(app):\n    try:\n        yield\n    finally:\n        await pool.close()\n',
    );
    expect(runCheck(lifespanShutdown, tryFinally).verdict).toBe('pass');
  });

  it('warns on a lifespan with nothing after yield and on no lifespan', () => {
    const empty = py('@asynccontextmanager\nasync def lifespan(app):\n    await warm_up()\n    yield\n');
    expect(runCheck(lifespanShutdown, empty)).toMatchObject({ verdict: 'warn', where: ['main.py:4'] });
    expect(runCheck(lifespanShutdown, fixture('template-like')).verdict).toBe('warn');
  });
});
