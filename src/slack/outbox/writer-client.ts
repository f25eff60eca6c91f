import { LogLevel, webApi } from '@slack/bolt';
import type { Config } from '../../config.js';

/**
 * The Web API client the outbox writes with. Retries and 429 waits are off: the dispatcher does both per
 * row and per channel, so one rate-limited channel never stalls the others (the shared client's queue would).
 * The timeout keeps a hanging Slack from holding a channel's lane forever.
 */
export function createWriterClient(config: Config): webApi.WebClient {
  const url = config.slack.apiUrl;
  return new webApi.WebClient(config.slack.botToken, {
    ...(url ? { slackApiUrl: url.endsWith('/') ? url : `${url}/` } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    logLevel: LogLevel.ERROR,
  });
}
