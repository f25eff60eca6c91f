import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderErrorRateChart } from '../charts/error-rate-chart.js';
import { loadChecklist } from '../checklist/checklist.js';
import { parseFileConfig } from '../config.js';
import { type DatabaseHandle, type DatabaseTarget, openDatabase } from '../db/client.js';
import { databaseTarget, describeDatabase, scrubDatabasePassword } from '../db/database-target.js';
import {
  buildReleaseRecord,
  type ReleaseRecord,
  renderReleaseJson,
  renderReleaseMarkdown,
} from '../domain/export.js';
import { exportChartFile, exportChartInput } from '../domain/export-chart.js';
import { isAppError } from '../errors.js';

export interface ExportIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  /** The process environment, handed in by the CLI entry (only src/config.ts reads process.env). */
  env: Record<string, string | undefined>;
}

export const EXPORT_USAGE = `Usage: deploy-check export <release-id> [--format md|json] [--db PATH | --database-url URL] [--config FILE] [--out FILE]

Prints the full record of a release (items, who ticked what and when, N/A reasons, probe evidence,
sign-offs, approvals, watch outcome, audit trail) for change-management audits.

  --format md|json    output format (default: md)
  --db PATH           SQLite database (default: $DATABASE_PATH, else ./data/deploy-check.sqlite)
  --database-url URL  Postgres database, postgres://user:password@host:5432/name (default: $DATABASE_URL,
                      which wins over $DATABASE_PATH; TLS as for the bot: sslmode, sslrootcert, $DATABASE_CA_FILE)
  --config FILE       deploy-check YAML config: its checklist and timezone are used
  --out FILE          write to FILE instead of standard output
`;

const DEFAULT_DB = './data/deploy-check.sqlite';
// One export reads one release in one transaction: a single connection, and patience for a slow server.
const POSTGRES = { poolSize: 1, statementTimeoutMs: 30_000, connectTimeoutMs: 10_000 } as const;

/**
 * `deploy-check export …`. Exit codes: 0 exported, 1 release or database not found (or Postgres unreachable),
 * 2 usage or config error.
 */
export async function runExport(argv: string[], io: ExportIo): Promise<number> {
  const usage = (msg: string) => {
    io.stderr.write(`deploy-check export: ${msg}\n\n${EXPORT_USAGE}`);
    return 2;
  };
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv[0] === 'export' ? argv.slice(1) : argv);
  } catch (e) {
    return usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(EXPORT_USAGE);
    return 0;
  }
  if (positionals.length !== 1) return usage('expected exactly one release ID');
  const releaseId = positionals[0]!;
  const format = values.format ?? 'md';
  if (format !== 'md' && format !== 'json') return usage(`--format must be md or json, not "${format}"`);

  let checklistPath: string | undefined;
  let timeZone = 'UTC';
  if (values.config) {
    const file = resolve(values.config);
    try {
      const config = parseFileConfig(readFileSync(file, 'utf8'), io.env, values.config);
      if (config.checklist) checklistPath = resolve(dirname(file), config.checklist);
      timeZone = config.timezone;
    } catch (e) {
      if (isAppError(e)) return usage(e.message);
      return usage(`cannot read --config ${values.config}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
  }
  let checklist: ReturnType<typeof loadChecklist>;
  try {
    checklist = loadChecklist(checklistPath);
  } catch (e) {
    if (isAppError(e)) return usage(e.message);
    throw e;
  }

  if (values.db !== undefined && values['database-url'] !== undefined)
    return usage('pass --db PATH or --database-url URL, not both');
  let target: DatabaseTarget;
  try {
    target = exportTarget(values, io.env);
  } catch (e) {
    if (!isAppError(e)) throw e;
    // The checks name the bot's variable; name the option when the URL came from it.
    const fromOption = values['database-url'] !== undefined;
    return usage(fromOption ? e.message.replace(/^environment: DATABASE_URL/, '--database-url') : e.message);
  }
  const where = describeDatabase(target);
  // openDatabase would create an empty file; a typo in the path should say so, not report "not found".
  if (target.kind === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path)) {
    io.stderr.write(`deploy-check export: no database at ${where} (pass --db PATH or set DATABASE_PATH)\n`);
    return 1;
  }
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase(target);
  } catch (e) {
    if (target.kind === 'sqlite') throw e;
    const reason = (e as Error).message || String((e as { code?: unknown }).code ?? e);
    io.stderr.write(
      `deploy-check export: cannot open the database at ${where}: ${scrubDatabasePassword(reason, target.url)}\n`,
    );
    return 1;
  }
  let text: string;
  let charts: Record<number, string> = {};
  try {
    const record = await buildReleaseRecord(handle.db, checklist, releaseId);
    // A markdown file gets each watch's error-rate chart as a PNG beside it (stdout has nowhere to put one).
    if (format === 'md' && values.out) charts = await writeCharts(record, values.out);
    text =
      format === 'json' ? renderReleaseJson(record) : renderReleaseMarkdown(record, { timeZone, charts });
  } catch (e) {
    if (isAppError(e, 'NOT_FOUND')) {
      io.stderr.write(
        `deploy-check export: no release with ID "${releaseId}" in ${where}.\n` +
          'Release IDs are shown by `/deploy-check status` in Slack.\n',
      );
      return 1;
    }
    throw e;
  } finally {
    await handle.close();
  }

  if (values.out) {
    writeFileSync(values.out, text);
    io.stderr.write(`Wrote the ${format} record of release ${releaseId} to ${values.out}\n`);
    for (const file of Object.values(charts)) io.stderr.write(`Wrote its error-rate chart to ${file}\n`);
  } else {
    io.stdout.write(text);
  }
  return 0;
}

async function writeCharts(record: ReleaseRecord, out: string): Promise<Record<number, string>> {
  const files: Record<number, string> = {};
  for (const w of record.watches) {
    const input = exportChartInput(record, w);
    if (!input) continue;
    const file = exportChartFile(out, w.id, record.watches.length);
    writeFileSync(file, (await renderErrorRateChart(input)).png);
    files[w.id] = file;
  }
  return files;
}

/**
 * The database to read: `--database-url`, else `--db`, else $DATABASE_URL, else $DATABASE_PATH (the bot's
 * own choice between them). A bad URL throws AppError(CONFIG_INVALID) showing it with the password masked.
 */
function exportTarget(values: ReturnType<typeof parse>['values'], env: ExportIo['env']): DatabaseTarget {
  return databaseTarget({
    url: values['database-url'] ?? (values.db === undefined ? env.DATABASE_URL || undefined : undefined),
    path: values.db ?? env.DATABASE_PATH ?? DEFAULT_DB,
    caFile: env.DATABASE_CA_FILE || undefined,
    ...POSTGRES,
  });
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      db: { type: 'string' },
      'database-url': { type: 'string' },
      config: { type: 'string', short: 'c' },
      out: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
