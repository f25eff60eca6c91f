import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../src/logger.js';
import { captureLogger } from '../helpers/capture-logs.js';

const BOT = 'xoxb-1111-2222-abcdefABCDEF';
const APP = 'xapp-1-A111-2222-0123456789abcdef';
const SIGNING = '8f742231b10e8888abcd99yyyzzz85a5';
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.payload.sig';

describe('logs never carry secrets', () => {
  it('writes JSON lines with a level label', () => {
    const c = captureLogger('info');
    c.logger.debug('hidden');
    c.logger.info({ releaseId: 'r1' }, 'shown');
    expect(c.records()).toMatchObject([
      { level: 'info', msg: 'shown', releaseId: 'r1', app: 'deploy-check' },
    ]);
  });

  it('scrubs bot, app and bearer tokens from messages', () => {
    const c = captureLogger();
    c.logger.info(`auth with ${BOT} failed`);
    c.logger.warn('socket mode %s refused', APP);
    c.logger.error(`upstream said Authorization: Bearer ${BEARER}`);
    const text = c.text();
    for (const secret of [BOT, APP, BEARER]) expect(text).not.toContain(secret);
    expect(c.records().map((r) => r.msg)).toEqual([
      'auth with [redacted] failed',
      'socket mode [redacted] refused',
      'upstream said Authorization: Bearer [redacted]',
    ]);
  });

  it('redacts token and signing-secret fields', () => {
    const c = captureLogger();
    c.logger.info({ token: BOT, botToken: BOT, appToken: APP, signingSecret: SIGNING }, 'config');
    c.logger.info({ slack: { botToken: BOT, signingSecret: SIGNING, appToken: APP } }, 'nested config');
    const text = c.text();
    for (const secret of [BOT, APP, SIGNING]) expect(text).not.toContain(secret);
    expect(c.records()[1]).toMatchObject({ slack: { botToken: '[redacted]', signingSecret: '[redacted]' } });
  });

  it('redacts Authorization and Cookie headers however they are cased', () => {
    const c = captureLogger();
    c.logger.info({ headers: { authorization: `Bearer ${BEARER}`, cookie: 'session=abc123' } }, 'req');
    c.logger.info({ headers: { Authorization: 'Basic dXNlcjpwYXNz' } }, 'req');
    c.logger.info({ req: { headers: { authorization: `Bearer ${BEARER}` } } }, 'req');
    const text = c.text();
    expect(text).not.toContain(BEARER);
    expect(text).not.toContain('dXNlcjpwYXNz');
    expect(text).not.toContain('session=abc123');
  });

  it('redacts fields bound on child loggers', () => {
    const c = captureLogger();
    c.logger.child({ token: BOT, requestId: 'req-1' }).info('child');
    expect(c.text()).not.toContain(BOT);
    expect(c.records()[0]).toMatchObject({ requestId: 'req-1', token: '[redacted]' });
  });

  it('scrubSecrets leaves ordinary text alone', () => {
    expect(scrubSecrets('release r1 approved by U123 (xoxo)')).toBe('release r1 approved by U123 (xoxo)');
  });

  // Known gaps in src/logger.ts (owned by the lead, see the export/observability report). These stay
  // createLogger scrubs every record deeply (formatters.log + err serializer), not only known paths.
  it('redacts tokens nested deeper than one level (gap in src/logger.ts)', () => {
    const c = captureLogger();
    c.logger.info({ config: { slack: { botToken: BOT } } }, 'deep');
    expect(c.text()).not.toContain(BOT);
  });

  it('scrubs tokens from error messages and stacks (gap in src/logger.ts)', () => {
    const c = captureLogger();
    c.logger.error({ err: new Error(`invalid_auth for ${BOT}`) }, 'slack call failed');
    expect(c.text()).not.toContain(BOT);
  });
});
