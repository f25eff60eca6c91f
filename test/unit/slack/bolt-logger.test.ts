import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createBoltLogger } from '../../../src/slack/bolt-logger.js';
import { captureLogger } from '../../helpers/capture-logs.js';

const BOT = 'xoxb-1111-2222-abcdefABCDEF';
const SIGNING = '8f742231b10e8888abcd99yyyzzz85a5';

describe('Bolt logger adapter', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = undefined;
  });

  it('writes Bolt’s messages as JSON lines tagged with the component and name', () => {
    const c = captureLogger('debug');
    const log = createBoltLogger(c.logger);
    log.setName('bolt-app');
    log.warn('socket reconnecting', 'attempt', 2);
    expect(c.records()).toMatchObject([
      { level: 'warn', component: 'bolt', name: 'bolt-app', msg: 'socket reconnecting attempt 2' },
    ]);
  });

  it('scrubs tokens, secret-named fields and the literal signing secret from every argument', () => {
    const c = captureLogger('debug');
    const log = createBoltLogger(c.logger, { secrets: [SIGNING] });
    log.error('request failed', {
      headers: { Authorization: `Bearer ${BOT}` },
      options: { signingSecret: SIGNING, token: BOT, nested: { clientSecret: 'cs-123456789' } },
    });
    log.info(`verifying with ${SIGNING}`);
    log.error(new Error(`invalid_auth: ${BOT}`));
    const text = c.text();
    for (const secret of [BOT, SIGNING, 'cs-123456789']) expect(text).not.toContain(secret);
    const err = c.records()[2]!;
    expect(err.msg).toBe('invalid_auth: [redacted]');
    expect(err.err).toMatchObject({ type: 'Error', message: 'invalid_auth: [redacted]' });
  });

  it('lets Bolt quieten the logs but never go below the configured level', () => {
    const c = captureLogger('info');
    const log = createBoltLogger(c.logger);
    expect(log.getLevel()).toBe(LogLevel.INFO);
    log.setLevel(LogLevel.DEBUG);
    log.debug('too chatty');
    log.setLevel(LogLevel.ERROR);
    log.warn('quietened');
    log.error('still shown');
    expect(log.getLevel()).toBe(LogLevel.ERROR);
    expect(c.records().map((r) => r.msg)).toEqual(['still shown']);
  });

  it('is accepted by a real Bolt App, which logs through it', () => {
    const c = captureLogger('info');
    const app = new App({
      token: BOT,
      signingSecret: SIGNING,
      logger: createBoltLogger(c.logger, { secrets: [SIGNING] }),
      deferInitialization: true,
    });
    app.logger.info('hello from bolt');
    expect(c.records()).toMatchObject([{ component: 'bolt', msg: 'hello from bolt' }]);
  });

  it('keeps the token out of a Web API client’s debug logs and errors', async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"ok":false,"error":"invalid_auth"}`);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const c = captureLogger('debug');
    const client = new WebClient(BOT, {
      slackApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
      logger: createBoltLogger(c.logger),
      logLevel: LogLevel.DEBUG,
    });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'hi' })).rejects.toThrow('invalid_auth');
    expect(c.records().some((r) => String(r.msg).includes('http request'))).toBe(true);
    expect(c.text()).not.toContain(BOT);
  });
});
