import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type DatabaseHandle, openDatabase } from '../db/client.js';
import { copyDatabase, TargetNotEmptyError } from '../db/copy-database.js';
import {
  maskDatabaseUrl,
  type PostgresTarget,
  postgresTarget,
  scrubDatabasePassword,
} from '../db/database-target.js';
import { isAppError } from '../errors.js';
import { describePostgresFailure, rootMessage } from '../startup-error.js';
import type { CliIo } from './probe-command.js';

export const DB_USAGE = `Usage: deploy-check db copy --from FILE [--to URL] [--batch N]

Copies everything the bot stored in a SQLite file (releases, items, audit trail, probe and scan runs,
outbox, watches and their samples and charts, job ledger, App Home state, …) into an empty Postgres
database, in one transaction: the target ends up with all of it or with nothing.

  --from FILE   the SQLite database (DATABASE_PATH of the bot); its schema is brought up to date first,
                as the bot does when it starts
  --to URL      postgres://user:password@host:5432/database (default: $DATABASE_URL; the environment keeps
                the password out of the process list). The database must exist and be empty; its schema
                is created or migrated first. sslmode in the URL and DATABASE_CA_FILE apply as for the bot.
  --batch N     rows per INSERT (default 1000)

Stop every bot using either database first. Row counts are compared per table after the copy, and id
sequences continue after the highest id SQLite ever used.
Exit codes: 0 copied, 1 refused (target not empty) or failed (nothing kept), 2 usage error.`;

const name = 'deploy-check db';

/** `deploy-check db copy`: move a SQLite installation onto Postgres (see DB_USAGE). */
export async function runDbCommand(argv: string[], io: CliIo): Promise<number> {
  const usage = (message: string) => {
    io.stderr.write(`${name}: ${message}\n\n${DB_USAGE}\n`);
    return 2;
  };
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    return usage(scrubDatabasePassword((e as Error).message, urlIn(argv)));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(`${DB_USAGE}\n`);
    return 0;
  }
  if (positionals[0] !== 'copy' || positionals.length !== 1)
    return usage(
      positionals.length === 0
        ? 'expected a subcommand: copy'
        : `unknown subcommand "${positionals.join(' ')}"`,
    );
  if (!values.from) return usage('--from FILE is required');
  const toText = values.to ?? io.env.DATABASE_URL;
  if (!toText) return usage('--to URL is required (or set DATABASE_URL)');
  const toName = values.to ? '--to' : 'DATABASE_URL';
  const batch = Number(values.batch ?? 1000);
  if (!Number.isInteger(batch) || batch < 1)
    return usage(`--batch must be a positive whole number, not "${values.batch}"`);
  const connectTimeoutMs = Number(io.env.DATABASE_CONNECT_TIMEOUT_MS || 5000);
  if (!Number.isInteger(connectTimeoutMs) || connectTimeoutMs < 1)
    return usage('DATABASE_CONNECT_TIMEOUT_MS must be a positive whole number of milliseconds');

  let target: PostgresTarget;
  try {
    // No statement timeout: one INSERT of a large batch may take longer than the bot's queries may.
    target = postgresTarget(
      toText,
      { poolSize: 2, statementTimeoutMs: 0, connectTimeoutMs, caFile: io.env.DATABASE_CA_FILE || undefined },
      toName,
    );
  } catch (e) {
    if (isAppError(e)) return usage(e.message);
    throw e;
  }
  const fail = (message: string) => {
    io.stderr.write(`${name}: ${scrubDatabasePassword(message, toText)}\n`);
    return 1;
  };
  // openDatabase would create an empty file and copy nothing: a typo in the path must say so.
  if (!existsSync(values.from)) return fail(`no SQLite database at ${values.from} (--from)`);

  const shown = maskDatabaseUrl(toText);
  let source: DatabaseHandle | undefined;
  let dest: DatabaseHandle | undefined;
  try {
    try {
      source = await openDatabase(values.from);
    } catch (e) {
      return fail(`cannot open --from ${values.from}: ${rootMessage(e)}`);
    }
    try {
      dest = await openDatabase(target);
    } catch (e) {
      return fail(
        describePostgresFailure(e, target, { url: toName, connectTimeout: 'DATABASE_CONNECT_TIMEOUT_MS' })
          .line,
      );
    }
    io.stderr.write(`Copying ${values.from} into ${shown} …\n`);
    const started = Date.now();
    const copied = await copyDatabase(source, dest, { batchRows: batch });
    const width = Math.max(...copied.map((c) => c.table.length));
    const rows = copied.reduce((n, c) => n + c.rows, 0);
    io.stdout.write(`${'table'.padEnd(width)}  ${'rows'.padStart(9)}  next id\n`);
    for (const c of copied) {
      const line = `${c.table.padEnd(width)}  ${String(c.rows).padStart(9)}  ${c.nextId ?? ''}`;
      io.stdout.write(`${line.trimEnd()}\n`);
    }
    io.stdout.write(
      `Copied ${rows} rows in ${copied.length} tables into ${shown} in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        'row counts match the source.\n',
    );
    return 0;
  } catch (e) {
    if (e instanceof TargetNotEmptyError)
      return fail(`refused: ${e.message}; copy into a new, empty database (nothing was changed).`);
    return fail(`copy failed, nothing was kept: ${rootMessage(e)}`);
  } finally {
    await dest?.close();
    await source?.close();
  }
}

/** The URL given with --to, for scrubbing it from an argument error that quotes it. */
function urlIn(argv: string[]): string | undefined {
  const i = argv.indexOf('--to');
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--to='))?.slice('--to='.length);
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      batch: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
