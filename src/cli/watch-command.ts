import { parseArgs } from 'node:util';
import type { ReleaseView } from '../api/schemas.js';
import { createApiClient } from './api-client.js';
import { parseDuration } from './duration.js';
import { pollRelease } from './poll.js';
import type { CliIo } from './probe-command.js';
import { isUsageError, UsageError } from './usage-error.js';

export const WATCH_USAGE = `Usage: deploy-check watch <release-id> [--wait] [--poll 10s] [--timeout 6h]
Shows the post-deploy watch of a release; with --wait, waits for its window to end.
Needs DEPLOY_CHECK_URL and DEPLOY_CHECK_TOKEN.
Exit codes: 0 watching or ended quietly, 1 someone chose "Rolled back" after a rollback reminder
(run your rollback job), 2 usage or auth error, 3 still watching at --timeout.`;

const line = (r: ReleaseView) =>
  !r.watch
    ? `no watch (release is ${r.status})`
    : `watch ${r.watch.outcome === 'watching' ? `${r.watch.status} until ${r.watch.endsAt}` : r.watch.outcome.replace('_', ' ')}` +
      (r.watch.reminders ? `, ${r.watch.reminders} rollback reminder(s)` : '');

/** `deploy-check watch`: lets a pipeline run its rollback job when people decided to roll back. */
export async function runWatch(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        wait: { type: 'boolean', default: false },
        poll: { type: 'string', default: '10s' },
        timeout: { type: 'string', default: '6h' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(`${WATCH_USAGE}\n`);
      return 0;
    }
    const [id, ...extra] = positionals;
    if (!id || extra.length) throw new UsageError('expected one release ID');
    const pollMs = parseDuration('--poll', values.poll);
    const timeoutMs = parseDuration('--timeout', values.timeout);
    const api = createApiClient(io.env);
    let last = '';
    const result = await pollRelease(api, id, io, { pollMs, timeoutMs }, (r) => {
      if (line(r) !== last) io.stdout.write(`${line(r)}\n`);
      last = line(r);
      if (r.status === 'rolled_back' || r.watch?.outcome === 'rolled_back') return 1;
      if (!r.watch && r.status !== 'deployed')
        throw new UsageError(`release ${id} is ${r.status}, not deployed: nothing to watch`);
      if (!values.wait || (r.watch && r.watch.outcome !== 'watching')) return 0;
      return undefined;
    });
    if (result === 'timeout') {
      io.stderr.write(`deploy-check watch: still watching after ${values.timeout}\n`);
      return 3;
    }
    return result;
  } catch (e) {
    if (isUsageError(e)) {
      io.stderr.write(`deploy-check watch: ${(e as Error).message}\n\n${WATCH_USAGE}\n`);
      return 2;
    }
    io.stderr.write(`deploy-check watch: ${(e as Error).message}\n`);
    return 2;
  }
}
