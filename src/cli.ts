import type { CliIo } from './cli/probe-command.js';

type Command = (argv: string[], io: CliIo) => Promise<number>;

// Each command loads its own modules when it runs: a CI step pays start-up only for the command it uses
// (through tsx every imported file is compiled at start).
const COMMANDS: Record<string, () => Promise<Command>> = {
  probe: async () => (await import('./cli/probe-command.js')).runProbeCommand,
  scan: async () => (await import('./cli/scan-command.js')).runScanCommand,
  export: async () => (await import('./cli/export-command.js')).runExport,
  gate: async () => (await import('./cli/gate-command.js')).runGate,
  deployed: async () => (await import('./cli/deployed-command.js')).runDeployed,
  watch: async () => (await import('./cli/watch-command.js')).runWatch,
  db: async () => (await import('./cli/db-copy-command.js')).runDbCommand,
};

const USAGE = `Usage: deploy-check <command> [options]
Commands:
  probe <url>          run the production probes (exit 1 when one fails)
  scan [dir]           read the repository for checklist evidence (exit 1 when an item fails)
  export <release-id>  the full audit record of a release (--format md|json)
  gate <service> <version>  open the release in Slack and wait for its approval (exit 0 approved)
  deployed <release-id>     mark an approved release deployed and start the watch
  watch <release-id>        the post-deploy watch (--wait: exit 1 when people chose to roll back)
  db copy --from FILE --to URL  copy a SQLite database into an empty Postgres database
Run deploy-check <command> --help for its options.`;

/** The `deploy-check` command. bin/deploy-check.js calls this; importing this module runs nothing. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [cmd, ...rest] = argv;
  const load = cmd && Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (!load) {
    io.stderr.write(
      `${cmd && cmd !== '--help' && cmd !== '-h' ? `deploy-check: unknown command "${cmd}"\n\n` : ''}${USAGE}\n`,
    );
    return cmd === '--help' || cmd === '-h' ? 0 : 2;
  }
  return (await load())(rest, io);
}
