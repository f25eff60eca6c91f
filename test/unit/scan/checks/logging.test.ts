import { describe, expect, it } from 'vitest';
import { logDestination } from '../../../../src/scan/checks/log-destination.js';
import { logLevel } from '../../../../src/scan/checks/log-level.js';
import { logRotation } from '../../../../src/scan/checks/log-rotation.js';
import { sensitiveLogging } from '../../../../src/scan/checks/sensitive-logging.js';
import { createMemoryRepo, fixture, runCheck } from '../../../helpers/scan-memory-repo.js';

const APP = { 'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n' };
const py = (source: string, extra: Record<string, string> = {}) =>
  createMemoryRepo({ 'app/log.py': source, ...APP, ...extra });

describe('scan:log-level', () => {
  it('fails basicConfig(level=logging.DEBUG) and a LOG_LEVEL default "DEBUG"', () => {
    expect(runCheck(logLevel, fixture('broken'))).toMatchObject({ verdict: 'fail', where: ['app.py:13'] });
    const s = py('class Settings(BaseSettings):\n    LOG_LEVEL: str = "debug"\n');
    expect(runCheck(logLevel, s)).toMatchObject({ verdict: 'fail', where: ['app/log.py:2'] });
    expect(runCheck(logLevel, py('import uvicorn\nuvicorn.run(app, log_level="debug")\n')).verdict).toBe(
      'fail',
    );
    expect(
      runCheck(logLevel, py('import logging\nlogging.getLogger("x").setLevel(logging.DEBUG)\n')).verdict,
    ).toBe('fail');
  });

  it('passes INFO, a dictConfig level from settings, and nothing set (root WARNING)', () => {
    expect(runCheck(logLevel, fixture('template-like'))).toMatchObject({
      verdict: 'pass',
      where: ['backend/app/backend_pre_start.py:9'],
    });
    expect(runCheck(logLevel, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/settings.py:18'],
    });
    const none = runCheck(logLevel, py('import logging\nlogger = logging.getLogger(__name__)\n'));
    expect(none.verdict).toBe('pass');
    expect(none.summary).toContain('WARNING');
  });
});

describe('scan:log-destination', () => {
  it('fails stdout-only logging (template basicConfig without filename)', () => {
    expect(runCheck(logDestination, fixture('template-like'))).toMatchObject({
      verdict: 'fail',
      where: ['backend/app/backend_pre_start.py:9'],
    });
  });

  it('passes a dictConfig file handler, basicConfig(filename=…), an external handler and a fileConfig ini', () => {
    expect(runCheck(logDestination, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/logging_config.py:15'],
    });
    expect(runCheck(logDestination, fixture('broken'))).toMatchObject({
      verdict: 'pass',
      where: ['app.py:13'],
    });
    const loki = py(
      'import logging_loki\nhandler = logging_loki.LokiHandler(url="https://loki/api/v1/push")\n',
    );
    expect(runCheck(logDestination, loki)).toMatchObject({ verdict: 'pass', where: ['app/log.py:2'] });
    const ini = py('import logging.config\nlogging.config.fileConfig("logging.ini")\n', {
      'app/logging.ini':
        '[handlers]\nkeys=file\n\n[handler_file]\nclass=handlers.TimedRotatingFileHandler\nargs=("app.log", "midnight")\n',
    });
    expect(runCheck(logDestination, ini)).toMatchObject({ verdict: 'pass', where: ['app/logging.ini:5'] });
    expect(runCheck(logRotation, ini)).toMatchObject({ verdict: 'pass', where: ['app/logging.ini:5'] });
  });

  it('is unknown when the app configures no handler', () => {
    expect(runCheck(logDestination, py('x = 1\n')).verdict).toBe('unknown');
  });
});

describe('scan:log-rotation', () => {
  it('fails a log file that never rotates, and RotatingFileHandler without maxBytes', () => {
    expect(runCheck(logRotation, fixture('broken'))).toMatchObject({ verdict: 'fail', where: ['app.py:13'] });
    const r = runCheck(
      logRotation,
      py(
        'from logging.handlers import RotatingFileHandler\nh = RotatingFileHandler("app.log", backupCount=3)\n',
      ),
    );
    expect(r).toMatchObject({ verdict: 'fail', where: ['app/log.py:2'] });
  });

  it('passes maxBytes, loguru rotation= and a logrotate config', () => {
    expect(runCheck(logRotation, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/logging_config.py:15'],
    });
    expect(
      runCheck(logRotation, py('from loguru import logger\nlogger.add("app.log", rotation="100 MB")\n'))
        .verdict,
    ).toBe('pass');
    const lr = py('import logging\nlogging.basicConfig(filename="/var/log/app.log")\n', {
      'deploy/logrotate.d/app': '/var/log/app.log {\n  size 100M\n}\n',
    });
    expect(runCheck(logRotation, lr)).toMatchObject({ verdict: 'pass', where: ['deploy/logrotate.d/app:1'] });
  });

  it('is unknown when logs only go to stdout', () => {
    expect(runCheck(logRotation, fixture('template-like')).verdict).toBe('unknown');
  });
});

describe('scan:sensitive-logging', () => {
  it('fails a password in an f-string log line, and a token in %-args and extra=', () => {
    expect(runCheck(sensitiveLogging, fixture('broken'))).toMatchObject({
      verdict: 'fail',
      where: ['app.py:34'],
    });
    const r = runCheck(
      sensitiveLogging,
      py(
        'log = logging.getLogger()\nlog.debug("issued %s", access_token)\nlog.info("login", extra={"auth": request.headers["authorization"]})\nprint(settings.SECRET_KEY)\n',
      ),
    );
    expect(r).toMatchObject({ verdict: 'fail', where: ['app/log.py:2', 'app/log.py:4'] });
  });

  it('warns (a person should still look) when no secret-named value is logged', () => {
    expect(runCheck(sensitiveLogging, fixture('well-configured')).verdict).toBe('warn');
    expect(runCheck(sensitiveLogging, py('logger.info("token_type %s", token_type)\n')).verdict).toBe('warn');
  });
});

describe('scan:sensitive-logging, what reaches the output', () => {
  it('ignores a secret consumed by a nested call or used as a callee, flags one shown through str()', () => {
    const consumed = py(
      'print(createdb("-U", user, _env={"PGPASSWORD": password}))\nlog.info("hash %s", sha(token))\nlogger.info(token_store.describe())\n',
    );
    expect(runCheck(sensitiveLogging, consumed).verdict).toBe('warn');
    const shown = py('logger.warning("auth header: " + str(authorization))\n');
    expect(runCheck(sensitiveLogging, shown)).toMatchObject({ verdict: 'fail', where: ['app/log.py:1'] });
  });
});
