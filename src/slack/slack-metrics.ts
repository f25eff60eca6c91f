import type { Metrics } from '../metrics.js';
import type { SlackPoster } from './ports.js';

// Slack-specific counters live here, beside the Slack code they count, so src/metrics.ts knows nothing of Slack.
const POSTER_METHODS = {
  post: 'chat.postMessage',
  update: 'chat.update',
  ephemeral: 'chat.postEphemeral',
  permalink: 'chat.getPermalink',
  upload: 'files.uploadV2',
} as const;

/** Counts every Slack write by Web API method and outcome without touching the poster's callers. */
export function instrumentPoster(poster: SlackPoster, metrics: Pick<Metrics, 'slackApiCalls'>): SlackPoster {
  const wrap =
    <A extends unknown[], R>(method: string, fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      try {
        const r = await fn(...a);
        metrics.slackApiCalls.inc({ method, outcome: 'ok' });
        return r;
      } catch (e) {
        metrics.slackApiCalls.inc({ method, outcome: 'error' });
        throw e;
      }
    };
  const upload = poster.upload?.bind(poster);
  return {
    post: wrap(POSTER_METHODS.post, poster.post.bind(poster)),
    update: wrap(POSTER_METHODS.update, poster.update.bind(poster)),
    ephemeral: wrap(POSTER_METHODS.ephemeral, poster.ephemeral.bind(poster)),
    permalink: wrap(POSTER_METHODS.permalink, poster.permalink.bind(poster)),
    ...(upload ? { upload: wrap(POSTER_METHODS.upload, upload) } : {}),
  };
}

/**
 * Counts 429s: @slack/web-api emits `rate_limited` (seconds to wait, { url }) before it retries, with the
 * full request URL (`…/api/chat.update`); the label is the API method. Pass `app.client`.
 */
export function countRateLimits(
  client: { on(event: 'rate_limited', fn: (retrySec: number, info: { url: string }) => void): unknown },
  metrics: Pick<Metrics, 'slackRateLimited'>,
): void {
  client.on('rate_limited', (_sec, info) => {
    const path = info.url.split('?')[0] ?? '';
    metrics.slackRateLimited.inc({ method: path.slice(path.lastIndexOf('/') + 1) });
  });
}
