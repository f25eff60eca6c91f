import { readEngines } from '../python/engines.js';
import { callAndValue, effective, show } from '../python/kit.js';
import { follow, type Value } from '../python/values.js';
import { result, type ScanEvidence, type ScanVerdict, type SyncScanCheck } from '../types.js';

// Hosts that mean "a developer's machine or the compose network", read from a URL literal's value.
const LOCAL = ['localhost', '127.0.0.1', '0.0.0.0', 'db', 'postgres', 'database', ''];

const hostOf = (url: string) => {
  try {
    return new URL(url.replace(/^[a-z0-9+]+:/i, 'x:')).hostname;
  } catch {
    return undefined;
  }
};

interface Finding {
  verdict: ScanVerdict;
  summary: string;
  evidence: ScanEvidence[];
}

export const databaseUrl: SyncScanCheck = {
  id: 'database-url',
  title: 'DATABASE_URL comes from the environment, not from code',
  run(repo) {
    const read = readEngines(repo);
    if ('unknown' in read) return read.unknown;
    const { project, all } = read;
    const judge = (v: Value | undefined, ev: ScanEvidence[]): Finding => {
      const e = v && effective(v);
      if (v?.kind === 'env' && !e)
        return {
          verdict: 'pass',
          summary: `database URL from the environment (${v.name}, no default)`,
          evidence: ev,
        };
      if (e?.kind === 'call') {
        const parts = [...e.call.args, ...e.call.kwargs.values()].map((n) => follow(project, e.call.mod, n));
        if (
          parts.some((p) => p.kind === 'env' && !p.fallback) ||
          parts.some((p) => p.kind === 'env' && effective(p)?.kind === 'call')
        )
          return { verdict: 'pass', summary: 'database URL built from environment settings', evidence: ev };
        const inner = parts.find((p) => p.kind === 'env' || p.kind === 'str');
        if (inner) return judge(inner, ev);
      }
      if (e?.kind === 'str') {
        const host = e.value.startsWith('sqlite') ? '' : hostOf(e.value);
        const local = host !== undefined && LOCAL.includes(host);
        const where = v?.kind === 'env' ? `${v.name} defaults to` : 'hard-coded';
        return local
          ? {
              verdict: 'warn',
              summary: `database URL ${where} a development database (${host || 'sqlite'})`,
              evidence: ev,
            }
          : {
              verdict: 'fail',
              summary: `database URL ${where} ${host ?? 'a literal'} in code`,
              evidence: ev,
            };
      }
      return { verdict: 'unknown', summary: `database URL is ${show(v)}`, evidence: ev };
    };
    const found = all.map((eng) => {
      const node = eng.call.kwargs.get('url') ?? eng.call.args[0];
      const v = node ? follow(project, eng.call.mod, node) : undefined;
      return judge(v, callAndValue(repo, eng.call, v));
    });
    const order: ScanVerdict[] = ['fail', 'warn', 'unknown', 'pass'];
    const worst = order.find((o) => found.some((f) => f.verdict === o))!;
    const shown = found.filter((f) => f.verdict === worst);
    const why: Record<ScanVerdict, string> = {
      pass: 'The URL is read from the environment at start-up, so each deployment points the app at its own database; which one is production is for the deployment to show.',
      warn: 'When the variable is unset the app silently connects to a development database instead of failing at start-up.',
      fail: 'A database URL written in code points every deployment at the same server and commits its credentials to the repository.',
      unknown: 'The URL is assembled in a way the scan cannot follow.',
    };
    const fix =
      worst === 'pass' || worst === 'unknown'
        ? ''
        : 'Read the URL from the environment with no default (`DATABASE_URL: PostgresDsn` in Settings) so a missing value stops the app.';
    return result(
      worst,
      shown[0]!.summary,
      why[worst],
      fix,
      shown.flatMap((f) => f.evidence),
    );
  },
};
