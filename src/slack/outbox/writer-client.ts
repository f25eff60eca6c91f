import { LogLevel, webApi } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { Metrics } from '../../metrics.js';
import { countRateLimits } from '../slack-metrics.js';

const apiUrl = (config: Config) => {
  const url = config.slack.apiUrl;
  return url ? { slackApiUrl: url.endsWith('/') ? url : `${url}/` } : {};
};

/**
 * The Web API client the outbox writes with. Retries and 429 waits are off: the dispatcher does both per
 * row and per channel, so one rate-limited channel never stalls the others (the shared client's queue would).
 * The timeout keeps a hanging Slack from holding a channel's lane forever.
 */
export function createWriterClient(config: Config): webApi.WebClient {
  return new webApi.WebClient(config.slack.botToken, {
    ...apiUrl(config),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    logLevel: LogLevel.ERROR,
  });
}

/**
 * The client for Web API reads (user groups, permalinks): @slack/web-api's own retries and 429 waits are
 * fine here, since a read answers someone who is waiting for it.
 */
export function createReaderClient(
  config: Config,
  metrics?: Pick<Metrics, 'slackRateLimited'>,
): webApi.WebClient {
  const client = new webApi.WebClient(config.slack.botToken, {
    ...apiUrl(config),
    retryConfig: { retries: 4, factor: 2, minTimeout: 200, maxTimeout: 5_000 },
    rejectRateLimitedCalls: false,
    timeout: 10_000,
    logLevel: LogLevel.ERROR,
  });
  if (metrics) countRateLimits(client, metrics);
  return client;
}
