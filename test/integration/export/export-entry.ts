// A stand-in for the CLI entry (src/cli.ts, owned elsewhere): hands argv, stdio and the environment to runExport.
import { runExport } from '../../../src/cli/export-command.js';

process.exitCode = await runExport(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
