import { runDeployed } from './cli/deployed-command.js';
import { runExport } from './cli/export-command.js';
import { runGate } from './cli/gate-command.js';
import { type CliIo, runProbeCommand } from './cli/probe-command.js';
import { runScanCommand } from './cli/scan-command.js';
import { runWatch } from './cli/watch-command.js';

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  probe: runProbeCommand,
  scan: runScanCommand,
  export: runExport,
  gate: runGate,
  deployed: runDeployed,
  watch: runWatch,
};

const USAGE = `Usage: deploy-check <command> [options]
Commands:
  probe <url>          run the production probes (exit 1 when one fails)
  scan [dir]           read the repository for checklist evidence (exit 1 when an item fails)
  export <release-id>  the full audit record of a release (--format md|json)
  gate <service> <version>  open the release in Slack and wait for its approval (exit 0 approved)
  deployed <release-id>     mark an approved release deployed and start the watch
  watch <release-id>        the post-deploy watch (--wait: exit 1 when people chose to roll back)
Run deploy-check <command> --help for its options.`;

/** The `deploy-check` command. bin/deploy-check.js calls this; importing this module runs nothing. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [cmd, ...rest] = argv;
  const run = cmd ? COMMANDS[cmd] : undefined;
  if (!run) {
    io.stderr.write(
      `${cmd && cmd !== '--help' && cmd !== '-h' ? `deploy-check: unknown command "${cmd}"\n\n` : ''}${USAGE}\n`,
    );
    return cmd === '--help' || cmd === '-h' ? 0 : 2;
  }
  return run(rest, io);
}
