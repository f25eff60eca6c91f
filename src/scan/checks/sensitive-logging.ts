import type { SyntaxNode } from '@lezer/common';
import { appCalls } from '../python/app.js';
import { callsIn, dottedName } from '../python/calls.js';
import { nameIs } from '../python/imports.js';
import { callEvidence, noApp, noPython } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { nodesNamed } from '../python/walk.js';
import type { PythonModule } from '../readers/python.js';
import { result, type SyncScanCheck } from '../types.js';

const METHODS = ['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log'];
// Identifiers that hold secrets or credentials; tested on names, never on source text.
const SENSITIVE =
  /passw(or)?d|passwd|pwd|secret|token|api_?key|authorization|credential|private_?key|credit_?card|card_?number|cvv|ssn/i;
// Names about a secret rather than holding one (`token_type`, `model_token_limit`, `max_tokens`).
const HARMLESS =
  /(^|_)(id|ids|type|types|count|len|length|limit|size|url|name|expires?|expiry|ttl|max|min|usage)$|^(num|max|min|len)_/i;

const isLogCall = (name: string) => {
  const parts = name.split('.');
  const method = parts.at(-1) ?? '';
  const owner = parts.at(-2)?.toLowerCase() ?? '';
  return (
    name === 'print' ||
    (METHODS.includes(method) &&
      (owner.includes('log') || nameIs(name, ...METHODS.map((m) => `logging.${m}`))))
  );
};

// Calls whose result still shows their argument; any other call (hash, mask, run a command) consumes it.
const SHOWING = ['str', 'repr', 'format', 'dict', 'json.dumps', 'jsonable_encoder'];

/** Whether a name inside a log argument reaches the output: not consumed by a nested call, not a callee. */
function printed(mod: PythonModule, name: SyntaxNode, arg: SyntaxNode): boolean {
  for (let up = name.parent; up && up.from >= arg.from && up !== arg.parent; up = up.parent) {
    if (up.name === 'ArgList') {
      const callee = up.parent?.firstChild;
      const called = callee ? (dottedName(mod, callee, true) ?? '') : '';
      if (!SHOWING.some((s) => called === s || called.endsWith(`.${s}`))) return false;
    }
    if (up.name === 'CallExpression' && up.firstChild && name.from < up.firstChild.to) return false;
  }
  return true;
}

export const sensitiveLogging: SyncScanCheck = {
  id: 'sensitive-logging',
  title: 'No passwords, tokens or keys passed to log calls',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    if (!appCalls(project).length) return noApp();
    const logCalls = project.modules.flatMap((m) => callsIn(m).filter((c) => isLogCall(c.name)));
    const leaks = logCalls.flatMap((c) => {
      const names = [...c.args, ...c.kwargs.values()].flatMap((a) =>
        [...nodesNamed(a, 'VariableName', 'PropertyName')]
          .filter((n) => printed(c.mod, n, a))
          .map((n) => c.mod.text(n)),
      );
      const hit = names.find((n) => SENSITIVE.test(n) && !HARMLESS.test(n));
      return hit ? [{ c, hit }] : [];
    });
    if (leaks.length)
      return result(
        'fail',
        `${leaks.length} log call${leaks.length === 1 ? ' passes' : 's pass'} sensitive values (${[...new Set(leaks.map((l) => l.hit))].slice(0, 4).join(', ')})`,
        'Log lines are copied to files, collectors and people’s terminals; a password or token in them is a leaked credential.',
        'Log an identifier (user id, key prefix) instead of the secret, or mask it before logging.',
        leaks.slice(0, 20).map((l) => callEvidence(repo, l.c)),
      );
    return result(
      'warn',
      `no secret-named value in ${logCalls.length} log calls`,
      'No log or print call passes a value named like a password, token, key or authorization header. Names do not catch PII (emails, addresses) or whole request objects: a person should still review what is logged.',
      'Review what request/response data the logs carry, or add a redacting filter.',
    );
  },
};
