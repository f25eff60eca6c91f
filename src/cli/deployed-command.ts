import { parseArgs } from 'node:util';
import { ApiError, createApiClient } from './api-client.js';
import type { CliIo } from './probe-command.js';
import { isUsageError, UsageError } from './usage-error.js';

export const DEPLOYED_USAGE = `Usage: deploy-check deployed <release-id> [--by U123]
Marks an approved release deployed (as the thread's "Mark deployed" button does) and starts the watch.
Needs DEPLOY_CHECK_URL and DEPLOY_CHECK_TOKEN.
Exit codes: 0 marked deployed, 1 refused (not approved), 2 usage or auth error.`;

/** `deploy-check deployed`: the pipeline reports the deploy it just ran. */
export async function runDeployed(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { by: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.stdout.write(`${DEPLOYED_USAGE}\n`);
      return 0;
    }
    const [id, ...extra] = positionals;
    if (!id || extra.length) throw new UsageError('expected one release ID');
    const r = await createApiClient(io.env).deployed(id, values.by);
    io.stdout.write(
      `Release ${r.id} marked deployed${r.watch ? `; watching until ${r.watch.endsAt}` : ''}. ${r.threadUrl ?? ''}\n`,
    );
    return 0;
  } catch (e) {
    if (isUsageError(e)) {
      io.stderr.write(`deploy-check deployed: ${(e as Error).message}\n\n${DEPLOYED_USAGE}\n`);
      return 2;
    }
    if (e instanceof ApiError && e.status === 409) {
      const missing = e.missing.map((m) => `\n  • ${m}`).join('');
      io.stderr.write(`deploy-check deployed: ${e.detail}${missing}\n`);
      return 1;
    }
    io.stderr.write(`deploy-check deployed: ${(e as Error).message}\n`);
    return 2;
  }
}
