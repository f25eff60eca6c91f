import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/metrics.js';
import type { SlackPoster } from '../../../src/slack/ports.js';
import { countRateLimits, instrumentPoster } from '../../../src/slack/slack-metrics.js';
import { sample } from '../../helpers/metric-sample.js';

describe('Slack metrics', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = undefined;
  });

  it('counts Slack writes by API method and outcome', async () => {
    const m = createMetrics({ defaultMetrics: false });
    const poster: SlackPoster = {
      post: async () => ({ ts: '1.1', channel: 'C1' }),
      update: async () => {
        throw new Error('msg_too_long');
      },
      ephemeral: async () => {},
      permalink: async () => undefined,
    };
    const counted = instrumentPoster(poster, m);
    expect(await counted.post({ channel: 'C1', text: 'hi' })).toEqual({ ts: '1.1', channel: 'C1' });
    await expect(counted.update({ channel: 'C1', ts: '1.1', text: 'x' })).rejects.toThrow('msg_too_long');
    expect(counted.upload).toBeUndefined();
    const text = await m.registry.metrics();
    expect(sample(text, 'deploy_check_slack_api_calls_total{method="chat.postMessage",outcome="ok"}')).toBe(
      1,
    );
    expect(sample(text, 'deploy_check_slack_api_calls_total{method="chat.update",outcome="error"}')).toBe(1);
  });

  it('counts 429s the Slack Web API client retried', async () => {
    const m = createMetrics({ defaultMetrics: false });
    let calls = 0;
    server = createServer((_req, res) => {
      calls++;
      if (calls === 1) res.writeHead(429, { 'retry-after': '0' }).end('{"ok":false,"error":"ratelimited"}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"ts":"1.1"}');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const client = new WebClient('xoxb-test', {
      slackApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
      logLevel: LogLevel.ERROR,
    });
    countRateLimits(client, m);
    await client.chat.postMessage({ channel: 'C1', text: 'hi' });
    expect(calls).toBe(2);
    expect(
      sample(await m.registry.metrics(), 'deploy_check_slack_rate_limited_total{method="chat.postMessage"}'),
    ).toBe(1);
  });
});
