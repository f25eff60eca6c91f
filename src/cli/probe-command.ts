import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findService, parseFileConfig, probeSettingsSchema } from '../config.js';
import { ErrorCode, isAppError } from '../errors.js';
import { runProbes } from '../probes/runner.js';
import { addressGuard } from '../probes/target-guard.js';
import { PROBE_IDS, type ProbeId, type ProbeReport } from '../probes/types.js';
import { isUsageError, UsageError } from './usage-error.js';

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export const PROBE_USAGE = `Usage: deploy-check probe <url> [--service NAME --config FILE] [--sample-path P] [--error-path P]
       [--static-path P] [--http-url U] [--only id,…] [--timeout-ms N] [--ca-file PEM] [--json]
       [--allow-link-local]
Probes: ${PROBE_IDS.join(', ')}
Link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254, …, in any spelling,
or a name resolving to one) are refused, also as a redirect target, unless --allow-link-local is given.
Exit codes: 0 nothing failed, 1 a probe failed, 2 usage error or refused target.`;

const readFlagFile = (flag: string, path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${flag}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
};

/** `deploy-check probe`: the same probes as the bot, for CI pipelines to gate on. */
export async function runProbeCommand(argv: string[], io: CliIo): Promise<number> {
  let report: ProbeReport;
  let json: boolean;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        service: { type: 'string' },
        config: { type: 'string' },
        'sample-path': { type: 'string' },
        'error-path': { type: 'string' },
        'static-path': { type: 'string' },
        'http-url': { type: 'string' },
        only: { type: 'string' },
        'timeout-ms': { type: 'string' },
        'ca-file': { type: 'string' },
        json: { type: 'boolean', default: false },
        'allow-link-local': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(`${PROBE_USAGE}\n`);
      return 0;
    }
    json = values.json ?? false;
    let base: Record<string, unknown> = {};
    let url = positionals[0];
    if (positionals.length > 1) throw new UsageError(`expected one URL, got ${positionals.length}`);
    if (values.service) {
      if (!values.config) throw new UsageError('--service needs --config FILE');
      const file = parseFileConfig(readFlagFile('--config', values.config), io.env, values.config);
      const svc = findService({ file }, values.service);
      if (!svc) throw new UsageError(`--service: no service "${values.service}" in ${values.config}`);
      base = { ...svc.probes };
      url ??= svc.baseUrl;
    }
    if (!url) throw new UsageError('a URL is required');
    try {
      new URL(url);
    } catch {
      throw new UsageError(`"${url}" is not a URL (e.g. https://api.example.com)`);
    }
    const only = values.only?.split(',').map((s) => s.trim()) as ProbeId[] | undefined;
    const unknown = only?.filter((id) => !PROBE_IDS.includes(id));
    if (unknown?.length) throw new UsageError(`--only: unknown probe ${unknown.join(', ')}`);
    const timeout = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms']);
    if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 100 || timeout > 30_000))
      throw new UsageError('--timeout-ms must be a whole number from 100 to 30000');
    const parsed = probeSettingsSchema.safeParse({
      ...base,
      ...(values['sample-path'] ? { samplePath: values['sample-path'] } : {}),
      ...(values['error-path'] ? { errorPath: values['error-path'] } : {}),
      ...(values['static-path'] ? { staticPath: values['static-path'] } : {}),
      ...(values['http-url'] ? { httpUrl: values['http-url'] } : {}),
      ...(timeout ? { timeoutMs: timeout } : {}),
    });
    if (!parsed.success)
      throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
    const caFile = values['ca-file'] ?? parsed.data.caFile;
    const ca = caFile ? readFlagFile('--ca-file', caFile) : undefined;
    const guard = addressGuard(values['allow-link-local'] ?? false, '--allow-link-local');
    try {
      await guard.assertResolved(new URL(url));
    } catch (e) {
      if (!isAppError(e, ErrorCode.PROBE_TARGET_REFUSED)) throw e;
      io.stderr.write(`deploy-check probe: ${e.message}\n`);
      return 2;
    }
    report = await runProbes({ url, settings: parsed.data, only }, { guard, ca });
  } catch (e) {
    if (isUsageError(e)) {
      io.stderr.write(`deploy-check probe: ${(e as Error).message}\n\n${PROBE_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  io.stdout.write(
    json ? `${JSON.stringify(report, null, 2)}\n` : renderTable(report, io.isTTY && !io.env.NO_COLOR),
  );
  return report.summary.fail > 0 ? 1 : 0;
}

const COLORS = { pass: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m', skip: '\x1b[90m' } as const;

export function renderTable(r: ProbeReport, color: boolean): string {
  const paint = (s: keyof typeof COLORS, text: string) => (color ? `${COLORS[s]}${text}\x1b[0m` : text);
  const w = Math.max(...r.results.map((x) => x.id.length));
  const lines = [`Probing ${r.target} (${r.durationMs} ms)`, ''];
  for (const x of r.results) {
    lines.push(
      `${paint(x.status, x.status.toUpperCase().padEnd(4))}  ${x.id.padEnd(w)}  ${x.summary}  (${x.durationMs} ms)`,
    );
    if (x.status === 'fail' || x.status === 'warn')
      if (x.remediation) lines.push(`${' '.repeat(w + 8)}→ ${x.remediation}`);
  }
  const s = r.summary;
  lines.push('', `${s.pass} passed, ${s.warn} warned, ${s.fail} failed, ${s.skip} skipped`);
  return `${lines.join('\n')}\n`;
}
