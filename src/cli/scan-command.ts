import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadChecklist } from '../checklist/checklist.js';
import { ErrorCode, isAppError } from '../errors.js';
import { SCAN_CHECKS } from '../scan/registry.js';
import { toSarif } from '../scan/sarif.js';
import { isScanError } from '../scan/scan-error.js';
import { scanRepository } from '../scan/scan-repository.js';
import type { CliIo } from './probe-command.js';
import { renderScanText } from './scan-text.js';
import { isUsageError, UsageError } from './usage-error.js';

export const SCAN_USAGE = `Usage: deploy-check scan [DIR] [--json | --format text|json|sarif] [--only id,…] [--app-root PATH]
       [--checklist FILE]
Reads the repository in DIR (default .) the way a reviewer would and gives each checklist item a scan
verifies a verdict: pass, warn, fail or unknown, with the lines it rests on (secrets masked).
  --format sarif   SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif)
  --only           check ids or checklist item ids
  --app-root PATH  the FastAPI app's folder inside DIR (found automatically otherwise)
Checks: ${SCAN_CHECKS.map((c) => c.id).join(', ') || '(none yet)'}
Exit codes: 0 nothing failed, 1 an item failed, 2 usage error, DIR missing, or no FastAPI app in DIR.`;

const FORMATS = ['text', 'json', 'sarif'] as const;

/** The package version for SARIF's tool.driver: package.json sits two folders up from src/, three from dist/src/. */
const packageVersion = (): string => {
  for (const rel of ['../../package.json', '../../../package.json'])
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'deploy-check' && pkg.version) return pkg.version;
    } catch {
      // not at this level; try the next
    }
  return '0.0.0';
};

/** `deploy-check scan [DIR]`: the repository scan, for people and for CI. */
export async function runScanCommand(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        format: { type: 'string' },
        only: { type: 'string' },
        'app-root': { type: 'string' },
        checklist: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(`${SCAN_USAGE}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`expected one DIR, got ${positionals.length}`);
    const format = values.format ?? (values.json ? 'json' : 'text');
    if (!(FORMATS as readonly string[]).includes(format))
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    if (values.json && values.format && values.format !== 'json')
      throw new UsageError('--json and --format disagree: give one');
    const only = values.only
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const report = await scanRepository(positionals[0] ?? '.', {
      appRoot: values['app-root'],
      only,
      ...(values.checklist ? { checklist: loadChecklist(values.checklist) } : {}),
    });
    if (format === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (format === 'sarif')
      io.stdout.write(`${JSON.stringify(toSarif(report, SCAN_CHECKS, packageVersion()), null, 2)}\n`);
    else io.stdout.write(renderScanText(report, io.isTTY && !io.env.NO_COLOR));
    return report.summary.fail > 0 ? 1 : 0;
  } catch (e) {
    if (isScanError(e) || isAppError(e, ErrorCode.CHECKLIST_INVALID)) {
      io.stderr.write(`deploy-check scan: ${e.message}\n`);
      return 2;
    }
    if (isUsageError(e)) {
      io.stderr.write(`deploy-check scan: ${(e as Error).message}\n\n${SCAN_USAGE}\n`);
      return 2;
    }
    throw e;
  }
}
