import { createHttpClient } from './http.js';
import type { TargetGuard } from './target-guard.js';

/**
 * The watch's /health poll, through the probes' guarded client. Kubernetes semantics: 200 ≤ status < 400 is
 * healthy (a redirect is not followed); no answer, or a refused target, is not.
 */
export async function pollHealth(
  url: string,
  opts: { timeoutMs: number; guard: TargetGuard },
): Promise<boolean> {
  const done = new AbortController();
  const http = createHttpClient({ timeoutMs: opts.timeoutMs, signal: done.signal, guard: opts.guard });
  try {
    const res = await http.request(url, { maxBytes: 64 * 1024 });
    return res.status >= 200 && res.status < 400;
  } catch {
    return false;
  } finally {
    done.abort();
    await http.close();
  }
}
