import { expandSetting, gunicornSettings } from '../config/gunicorn-config.js';
import { option, type ServerCommand, serverCommands } from '../config/server-commands.js';
import { type Finding, findingsResult } from '../config/verdicts.js';
import { result, type ScanEvidence, type SyncScanCheck } from '../types.js';

/** A worker count as written: a number, a CPU-based formula, or something set at deploy time. */
function count(expression: string): number | 'cpu' | undefined {
  if (/cpu_count|nproc/.test(expression)) return 'cpu';
  const literal = /^\s*["']?(\d+)["']?\s*$/.exec(expression);
  // `int(os.getenv("WEB_CONCURRENCY", "4"))` and `${WEB_CONCURRENCY:-4}`: the default is what runs.
  const fallback = /(?:getenv|environ\.get)\([^,]+,\s*["']?(\d+)|:-(\d+)\}/.exec(expression);
  const n = literal?.[1] ?? fallback?.[1] ?? fallback?.[2];
  return n !== undefined ? Number(n) : undefined;
}

function judge(
  c: ServerCommand,
  configured: { expression: string; written: string; where: ScanEvidence } | undefined,
): Finding {
  const flag = option(c.args, c.server === 'gunicorn' ? ['-w', '--workers'] : ['--workers']);
  const source =
    typeof flag === 'string'
      ? { expression: flag, where: c.where, how: `\`--workers ${flag}\`` }
      : configured
        ? { ...configured, how: `\`workers = ${configured.written}\`` }
        : c.webConcurrency
          ? {
              expression: c.webConcurrency.value,
              where: c.webConcurrency.where,
              how: `WEB_CONCURRENCY=${c.webConcurrency.value}`,
            }
          : undefined;
  const evidence = source && source.where !== c.where ? [c.where, source.where] : [c.where];
  const n = source ? count(source.expression) : 1;
  if (n === 'cpu' || (typeof n === 'number' && n >= 2))
    return { verdict: 'pass', say: `${c.where.path} starts ${c.server} with ${source?.how}.`, evidence };
  if (n === undefined)
    return {
      verdict: 'warn',
      say: `${c.where.path} sets ${c.server}'s workers to ${source?.how}, decided at deploy time.`,
      evidence,
    };
  const how = source ? source.how : `no --workers (${c.server} defaults to 1 worker)`;
  if ((c.replicas ?? 1) >= 2)
    return {
      verdict: 'warn',
      say: `${c.where.path} runs ${c.server} with ${how}, in ${c.replicas} replicas: one process per pod scales by replicas, which works if each pod has about one CPU.`,
      evidence,
    };
  return {
    verdict: 'fail',
    say: `${c.where.path} runs ${c.server} with ${how}: one process serves every request on one CPU core.`,
    evidence,
  };
}

export const workers: SyncScanCheck = {
  id: 'workers',
  title: 'The production server runs several workers (and never --reload)',
  run(repo) {
    const all = serverCommands(repo);
    const prod = all.filter((c) => !c.development);
    if (prod.length === 0)
      return result(
        'unknown',
        'No production server command found',
        `No uvicorn, gunicorn, hypercorn or \`fastapi run\` command was found in a Dockerfile, production compose file, Kubernetes manifest or Procfile${all.length ? ' (only development ones)' : ''}.`,
        '',
      );
    const config = gunicornSettings(repo, prod);
    const findings = prod.map((c): Finding => {
      if (option(c.args, ['--reload']) !== undefined)
        return {
          verdict: 'fail',
          say: `${c.where.path} starts ${c.server} with --reload in production: a file watcher and a single worker.`,
          evidence: [c.where],
        };
      const configured = c.server === 'gunicorn' ? config.get('workers') : undefined;
      return judge(
        c,
        configured && {
          ...configured,
          written: configured.expression,
          expression: expandSetting(configured.expression, config),
        },
      );
    });
    return findingsResult(
      findings,
      {
        pass: 'Several workers configured',
        warn: 'One worker per container',
        fail: 'The server runs a single worker or --reload',
        unknown: '',
      },
      'Start the server with `--workers N` (2–4 per CPU core; gunicorn: `-w` or `workers = multiprocessing.cpu_count() * 2 + 1`, or WEB_CONCURRENCY) and never `--reload` outside development.',
    );
  },
};
