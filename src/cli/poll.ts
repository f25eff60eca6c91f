import type { ReleaseView } from '../api/schemas.js';
import { type ApiClient, ApiError } from './api-client.js';
import type { CliIo } from './probe-command.js';

export interface PollTiming {
  pollMs: number;
  timeoutMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls a release until `decide` returns an exit code, or answers 3 at the deadline. A transient failure
 * (bot restarting, network) is reported once and retried; a refused token or missing release ends with 2.
 */
export async function pollRelease(
  api: ApiClient,
  id: string,
  io: CliIo,
  timing: PollTiming,
  decide: (r: ReleaseView) => number | undefined,
): Promise<number | 'timeout'> {
  const now = timing.now ?? Date.now;
  const sleep = timing.sleep ?? defaultSleep;
  const deadline = now() + timing.timeoutMs;
  let failing = false;
  for (;;) {
    let release: ReleaseView | undefined;
    try {
      release = await api.get(id);
      failing = false;
    } catch (e) {
      if (e instanceof ApiError && e.isAuthOrUsage) throw e;
      if (!failing)
        io.stderr.write(`deploy-check: cannot read release ${id} (${(e as Error).message}); retrying\n`);
      failing = true;
    }
    const code = release ? decide(release) : undefined;
    if (code !== undefined) return code;
    const left = deadline - now();
    if (left <= 0) return 'timeout';
    await sleep(Math.min(timing.pollMs, left));
  }
}
