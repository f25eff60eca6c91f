import { moduleConstants } from '../python/assignments.js';
import { nameIs } from '../python/imports.js';
import { callsNamed, effective, evidenceAt, noPython, show, worst } from '../python/kit.js';
import { type PyProject, pythonProject } from '../python/project.js';
import { settingsClasses } from '../python/settings.js';
import { fieldValue, follow, type Value } from '../python/values.js';
import { result, type ScanEvidence, type ScanVerdict, type SyncScanCheck } from '../types.js';

// A name is the signing key when it reads like one; run on an identifier, never on source text.
const KEY_NAME = /^(jwt_)?secret(_key)?$|(^|_)secret_key$|^jwt_secret/i;
const WEAK = new Set([
  'changethis',
  'changeme',
  'secret',
  'secret_key',
  'supersecret',
  'password',
  'dev',
  'test',
  'default',
]);
const RANDOM = ['secrets.token_urlsafe', 'secrets.token_hex', 'secrets.token_bytes', 'os.urandom'];

interface Finding {
  verdict: ScanVerdict;
  says: string;
  ev: ScanEvidence;
}

function judge(project: PyProject, label: string, v: Value): Finding {
  const ev = evidenceAt(project.repo, v.at);
  const e = effective(v);
  const fromEnv = v.kind === 'env';
  if (!e)
    return {
      verdict: 'pass',
      says: `${label} comes from the environment (${show(v)}), no default in code`,
      ev,
    };
  if (e.kind === 'str') {
    const weak = WEAK.has(e.value.toLowerCase()) || e.value.length < 32;
    const what = weak
      ? `weak (${e.value.length} characters${WEAK.has(e.value.toLowerCase()) ? ', a well-known placeholder' : ''})`
      : 'a literal committed to the repository';
    return {
      verdict: 'fail',
      says: `${label} ${fromEnv ? 'defaults to' : 'is'} a string in code, ${what}`,
      ev: evidenceAt(project.repo, e.at),
    };
  }
  if (e.kind === 'call' && nameIs(e.call.name, ...RANDOM)) {
    const n = e.call.args[0] ? effective(follow(project, e.call.mod, e.call.args[0])) : undefined;
    const bytes = n?.kind === 'num' ? n.value : 32;
    return bytes >= 32
      ? {
          verdict: 'pass',
          says: `${label} ${fromEnv ? 'defaults to' : 'is'} ${e.call.name}(${bytes}): random, ${bytes} bytes`,
          ev,
        }
      : { verdict: 'warn', says: `${label} is random but only ${bytes} bytes`, ev };
  }
  // A None default is no key at all: signing fails loudly until the deployment sets one, nothing weak is used.
  if (e.kind === 'none')
    return { verdict: 'pass', says: `${label} must come from the environment (${show(v)})`, ev };
  return { verdict: 'unknown', says: `${label} is ${show(v)}, which the scan cannot evaluate`, ev };
}

function candidates(project: PyProject): { label: string; v: Value }[] {
  const out: { label: string; v: Value }[] = [];
  for (const cls of settingsClasses(project))
    for (const name of cls.fields.keys())
      if (KEY_NAME.test(name)) out.push({ label: `${cls.name}.${name}`, v: fieldValue(project, cls, name)! });
  for (const mod of project.modules)
    for (const [name, a] of moduleConstants(mod))
      if (KEY_NAME.test(name) && a.value) {
        const v = follow(project, mod, a.value);
        if (v.kind !== 'env' || !out.some((o) => o.v.at.path === v.at.path && o.v.at.line === v.at.line))
          out.push({ label: name, v });
      }
  for (const call of callsNamed(project, 'SessionMiddleware', 'add_middleware', 'jwt.encode')) {
    const arg =
      call.kwargs.get('secret_key') ??
      call.kwargs.get('key') ??
      (nameIs(call.name, 'jwt.encode') ? call.args[1] : undefined);
    if (!arg) continue;
    const v = follow(project, call.mod, arg);
    if (v.kind === 'ref' || v.kind === 'unknown') continue;
    if (!out.some((o) => o.v.at.path === v.at.path && o.v.at.line === v.at.line))
      out.push({ label: `${call.name}(… ${call.mod.text(arg)})`, v });
  }
  return out;
}

export const secretKey: SyncScanCheck = {
  id: 'secret-key',
  title: 'SECRET_KEY / JWT secret is not a literal or a weak default',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    const found = candidates(project).map((c) => judge(project, c.label, c.v));
    if (!found.length)
      return result(
        'unknown',
        'no SECRET_KEY found',
        'No settings field, constant or secret_key= argument names a signing key.',
        '',
      );
    const verdict = worst(found.map((f) => f.verdict));
    const shown = found.filter((f) => f.verdict === verdict);
    const fix =
      verdict === 'pass'
        ? ''
        : 'Read the key from the environment with no default (`SECRET_KEY: str` in Settings), and generate it with `python -c "import secrets; print(secrets.token_urlsafe(32))"`.';
    const why = `${shown.map((f) => f.says).join('; ')}.${verdict === 'pass' && found.some((f) => f.says.includes('secrets.')) ? ' A random default changes on every restart and differs between workers, so set the variable in production anyway.' : ''}`;
    return result(
      verdict,
      shown[0]!.says,
      why,
      fix,
      shown.map((f) => f.ev),
    );
  },
};
