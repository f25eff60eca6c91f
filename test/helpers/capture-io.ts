import type { ExportIo } from '../../src/cli/export-command.js';

/** The io of a CLI command run in-process: what it writes to stdout and stderr is kept in `out`. */
export function captureIo(env: ExportIo['env'] = {}) {
  const out = { stdout: '', stderr: '' };
  const io: ExportIo = {
    stdout: { write: (s: string) => (out.stdout += s) },
    stderr: { write: (s: string) => (out.stderr += s) },
    env,
  };
  return { out, io };
}
