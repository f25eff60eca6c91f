import type { SendOutcome, SlackWriter } from '../../src/slack/outbox/slack-writer.js';
import type { SlackPoster } from '../../src/slack/ports.js';

/**
 * The outbox's writer over a recording SlackPoster (unit tests of jobs): what the dispatcher sends lands in
 * the recorder; a refused post is a transient failure (retried), `invalid_blocks` a permanent one.
 */
export function createPosterWriter(poster: SlackPoster): SlackWriter {
  const fail = (e: unknown): SendOutcome => {
    const error = (e as Error).message;
    return error.startsWith('invalid_blocks')
      ? { ok: false, kind: 'permanent', error }
      : { ok: false, kind: 'transient', error, fateUnknown: false };
  };
  return {
    async send(msg) {
      try {
        switch (msg.kind) {
          case 'post':
            return { ok: true, ts: (await poster.post(msg)).ts };
          case 'update':
            await poster.update(msg);
            return { ok: true };
          case 'ephemeral':
            await poster.ephemeral(msg);
            return { ok: true };
          case 'upload':
            await poster.upload?.(msg);
            return { ok: true };
          case 'publish':
            return { ok: false, kind: 'permanent', error: 'views.publish is not recorded' };
          case 'file':
            return { ok: false, kind: 'permanent', error: 'private file uploads are not recorded' };
        }
      } catch (e) {
        return fail(e);
      }
    },
    findPosted: async () => null,
  };
}
