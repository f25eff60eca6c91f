import type { SyntaxNode } from '@lezer/common';
import { moduleConstants } from '../python/assignments.js';
import type { Call } from '../python/calls.js';
import { callsNamed, effective, evidenceAt, noPython } from '../python/kit.js';
import { type PyProject, pythonProject } from '../python/project.js';
import { settingsClasses } from '../python/settings.js';
import { fieldValue, follow, type Loc } from '../python/values.js';
import { ancestor, nodesNamed } from '../python/walk.js';
import type { PythonModule } from '../readers/python.js';
import { result, type SyncScanCheck } from '../types.js';

// Setting names for an access token's lifetime, with the unit their suffix names; tested on identifiers.
const LIFETIME_NAME = /(access_)?token_expire|jwt_(expir|lifetime|ttl)|token_(lifetime|ttl)/i;
const UNIT: Record<string, number> = { seconds: 1 / 60, minutes: 1, hours: 60, days: 1440, weeks: 10080 };

interface Lifetime {
  minutes: number;
  at: Loc;
}

const unitOf = (name: string) =>
  UNIT[
    Object.keys(UNIT).find(
      (u) => name.toLowerCase().endsWith(u.slice(0, -1)) || name.toLowerCase().endsWith(u),
    ) ?? 'minutes'
  ]!;

function fromSettings(project: PyProject): Lifetime[] {
  const named: { name: string; v: ReturnType<typeof follow> }[] = [];
  for (const cls of settingsClasses(project))
    for (const name of cls.fields.keys()) named.push({ name, v: fieldValue(project, cls, name)! });
  for (const mod of project.modules)
    for (const [name, a] of moduleConstants(mod))
      if (a.value) named.push({ name, v: follow(project, mod, a.value) });
  return named.flatMap(({ name, v }) => {
    const e = effective(v);
    if (!LIFETIME_NAME.test(name) || /refresh/i.test(name) || e?.kind !== 'num') return [];
    return [{ minutes: e.value * unitOf(name), at: v.at }];
  });
}

/** The name a value is assigned to or passed as (`expire = now + timedelta(...)`, `expires_delta=timedelta(...)`). */
function targetName(mod: PythonModule, node: SyntaxNode): string {
  const stmt = ancestor(node, 'AssignStatement');
  const arg = node.prevSibling?.name === 'AssignOp' ? node.prevSibling.prevSibling : null;
  return `${stmt?.firstChild ? mod.text(stmt.firstChild) : ''} ${arg ? mod.text(arg) : ''}`;
}

function fromTimedelta(project: PyProject, call: Call): Lifetime | undefined {
  let minutes = 0;
  for (const [k, node] of call.kwargs) {
    const v = effective(follow(project, call.mod, node));
    if (v?.kind !== 'num' || UNIT[k] === undefined) return undefined;
    minutes += v.value * UNIT[k]!;
  }
  const days = call.args[0] ? effective(follow(project, call.mod, call.args[0])) : undefined;
  if (call.args[0] && days?.kind !== 'num') return undefined;
  if (days?.kind === 'num') minutes += days.value * 1440;
  const setting = [...call.kwargs.values()]
    .map((n) => follow(project, call.mod, n))
    .find((v) => v.kind === 'env');
  return { minutes, at: setting?.at ?? { path: call.mod.path, line: call.line } };
}

export const jwtExpiry: SyncScanCheck = {
  id: 'jwt-expiry',
  title: 'JWT access tokens expire within 15-30 minutes',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    const encodes = callsNamed(project, 'jwt.encode');
    if (!encodes.length)
      return result(
        'unknown',
        'no JWT encoding found',
        'No jwt.encode call (PyJWT, python-jose, authlib): the app may not issue JWTs.',
        '',
      );
    const noExp = encodes.filter((c) => {
      const scope = ancestor(c.node, 'FunctionDefinition') ?? c.mod.tree.topNode;
      return ![...nodesNamed(scope, 'String')].some((s) => /^["']exp["']$/.test(c.mod.text(s)));
    });
    if (noExp.length)
      return result(
        'fail',
        'JWT issued without an "exp" claim',
        'A token without exp never expires: a stolen token works until the signing key changes.',
        'Add "exp": datetime.now(timezone.utc) + timedelta(minutes=15) to the payload.',
        noExp.map((c) => evidenceAt(repo, { path: c.mod.path, line: c.line })),
      );
    const deltas = callsNamed(project, 'datetime.timedelta', 'timedelta').filter((t) => {
      const inEncoder = encodes.some(
        (e) =>
          ancestor(e.node, 'FunctionDefinition')?.from === ancestor(t.node, 'FunctionDefinition')?.from &&
          e.mod === t.mod,
      );
      const name = targetName(t.mod, t.node);
      return !/refresh/i.test(name) && (/exp/i.test(name) || inEncoder);
    });
    const all = [...fromSettings(project), ...deltas.flatMap((d) => fromTimedelta(project, d) ?? [])];
    if (!all.length)
      return result(
        'unknown',
        'JWTs carry "exp", lifetime not readable',
        'The exp claim is set, but from values the scan cannot follow.',
        '',
        encodes.map((c) => evidenceAt(repo, { path: c.mod.path, line: c.line })),
      );
    const longest = all.reduce((a, b) => (b.minutes > a.minutes ? b : a));
    const m = Math.round(longest.minutes);
    const verdict = m <= 30 ? 'pass' : m <= 60 ? 'warn' : 'fail';
    return result(
      verdict,
      `access tokens live ${m} minutes${m > 60 ? ` (${Math.round((m / 1440) * 10) / 10} day${m === 1440 ? '' : 's'})` : ''}`,
      verdict === 'pass'
        ? 'The longest access-token lifetime is within 30 minutes.'
        : 'A stolen access token stays valid this long; short-lived access tokens (15-30 minutes) with refresh tokens limit the damage.',
      verdict === 'pass'
        ? ''
        : 'Set the access-token lifetime to 15-30 minutes (e.g. ACCESS_TOKEN_EXPIRE_MINUTES: int = 30) and use refresh tokens for longer sessions.',
      [evidenceAt(repo, longest.at)],
    );
  },
};
