import { pythonReader } from '../readers/python.js';
import type { RepoView, ScanEvidence } from '../types.js';
import { baseName } from './file-kinds.js';
import { option, type ServerCommand } from './server-commands.js';

export interface GunicornSetting {
  /** The right-hand side as written, e.g. `multiprocessing.cpu_count() * 2 + 1`. */
  expression: string;
  where: ScanEvidence;
}

const isConfigName = (path: string) => /^gunicorn[._-]?(conf|config|cfg)?\.py$/i.test(baseName(path));

/**
 * Top-level assignments of the gunicorn config files: `gunicorn.conf.py` (gunicorn loads it from the working
 * directory by default), `gunicorn_conf.py`, and any file a command names with `-c`/`--config`.
 */
export function gunicornSettings(
  repo: RepoView,
  commands: readonly ServerCommand[],
): Map<string, GunicornSetting> {
  const named = commands
    .filter((c) => c.server === 'gunicorn' && !c.development)
    .map((c) => option(c.args, ['-c', '--config']))
    .filter((v): v is string => typeof v === 'string')
    .map((v) => (v.startsWith('python:') ? `${v.split('.').at(-1)}.py` : baseName(v)));
  const settings = new Map<string, GunicornSetting>();
  for (const { path } of repo.files) {
    const name = baseName(path);
    if (!path.endsWith('.py') || !(isConfigName(path) || named.includes(name))) continue;
    const module = repo.parse(path, pythonReader);
    const top = module?.tree.topNode;
    for (let n = top?.firstChild; module && n; n = n.nextSibling) {
      if (n.name !== 'AssignStatement' || n.firstChild?.name !== 'VariableName') continue;
      const op = n.getChild('AssignOp');
      const value = op?.nextSibling;
      if (!value) continue;
      settings.set(module.text(n.firstChild), {
        expression: module.text(value),
        where: repo.evidence(path, module.line(n.from)),
      });
    }
  }
  return settings;
}
