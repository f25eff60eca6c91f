import type { SyntaxNode } from '@lezer/common';
import { type PythonModule, pythonReader } from '../readers/python.js';
import type { RepoView, ScanEvidence } from '../types.js';
import { baseName, isDevelopmentFile } from './file-kinds.js';
import { option, type ServerCommand } from './server-commands.js';

export interface GunicornSetting {
  /** The right-hand side as written, e.g. `multiprocessing.cpu_count() * 2 + 1` (the last assignment). */
  expression: string;
  /** Every right-hand side assigned to the name at module level, `if`/`else` branches included. */
  all: string[];
  where: ScanEvidence;
}

const isConfigName = (path: string) => /^gunicorn[._-]?(conf|config|cfg)?\.py$/i.test(baseName(path));
/** Module-level code: assignments in `if`/`try` blocks run when gunicorn loads the file; function bodies do not. */
const BLOCKS = new Set(['IfStatement', 'TryStatement', 'Body']);

function collect(
  module: PythonModule,
  node: SyntaxNode | null,
  out: (name: string, value: string, line: number) => void,
) {
  for (let n = node; n; n = n.nextSibling) {
    if (n.name === 'AssignStatement' && n.firstChild?.name === 'VariableName') {
      const value = n.getChild('AssignOp')?.nextSibling;
      if (value) out(module.text(n.firstChild), module.text(value), module.line(n.from));
    } else if (BLOCKS.has(n.name)) collect(module, n.firstChild, out);
  }
}

/**
 * Module-level assignments of the gunicorn config files: `gunicorn.conf.py` (gunicorn loads it from the
 * working directory by default), `gunicorn_conf.py`, and any file a command names with `-c`/`--config`.
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
    if (
      !path.endsWith('.py') ||
      isDevelopmentFile(path) ||
      !(isConfigName(path) || named.includes(baseName(path)))
    )
      continue;
    const module = repo.parse(path, pythonReader);
    if (!module) continue;
    collect(module, module.tree.topNode.firstChild, (name, expression, line) => {
      const all = [...(settings.get(name)?.all ?? []), expression];
      settings.set(name, { expression, all, where: repo.evidence(path, line) });
    });
  }
  return settings;
}

/**
 * An expression with the config's own variables written out (bounded), so `workers = web_concurrency`
 * shows the `multiprocessing.cpu_count()` it comes from.
 */
export function expandSetting(
  expression: string,
  settings: ReadonlyMap<string, GunicornSetting>,
  depth = 0,
): string {
  if (depth > 4) return expression;
  return expression
    .replace(/\b[A-Za-z_]\w*\b/g, (name) => {
      const s = settings.get(name);
      return s ? `(${s.all.map((e) => expandSetting(e, settings, depth + 1)).join(' | ')})` : name;
    })
    .slice(0, 4000);
}
