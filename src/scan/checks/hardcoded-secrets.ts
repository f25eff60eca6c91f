import type { SyntaxNode } from '@lezer/common';
import { type PythonModule, pythonReader } from '../readers/python.js';
import { walkTree } from '../readers/walk-tree.js';
import { type RepoView, result, type ScanCheck, type ScanEvidence } from '../types.js';
import { isEnvFile } from './env-file.js';

/** A name whose value is a credential: ends in password, secret, token, api key, private key… */
const SECRET_NAME =
  /(^|_)(password|passwd|pwd|secret|secret_key|api_key|apikey|access_key|secret_access_key|private_key|client_secret|auth_token|access_token|refresh_token|token)$/i;
const MENTIONS = /passw|pwd|secret|token|api_?key|apikey|access_key|private_key/i;
/** Lock files and templates hold hashes or placeholders, not secrets; reading them only costs time. */
const NOT_SOURCE =
  /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|uv\.lock|Pipfile\.lock)$|\.(example|sample|template)$/i;
/** Test code builds fake credentials on purpose; the Python assignment rule leaves it alone (secretlint does not). */
const TEST_FILE = /(^|\/)(tests?|testing|fixtures?)\/|(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/;
/** Documentation and example code (FastAPI's own docs_src): tutorials spell fake credentials out on purpose. */
const EXAMPLE_FILE = /(^|\/)(docs?|docs_src|examples?|samples?|tutorials?)\//;
/** Names and values that say they are not a credential: a hash, a fake, a placeholder. */
const NOT_A_CREDENTIAL = /hash|fake|dummy|example|placeholder|sample/i;

/** The literal's text when `node` is a plain (non-interpolated) string, else undefined. */
function literal(mod: PythonModule, node: SyntaxNode | null | undefined): string | undefined {
  if (node?.name !== 'String') return undefined;
  const m = /^[rRbBuU]{0,2}("""|'''|"|')([\s\S]*)\1$/.exec(mod.text(node));
  return m?.[2];
}

/** A value that looks like a credential rather than a label, a path or a template. */
const credentialLike = (v: string) =>
  v.length >= 4 && !/\s/.test(v) && !v.startsWith('/') && !/[{}$<>]/.test(v) && !/^[A-Z][A-Z0-9_]*$/.test(v);

function pythonFindings(mod: PythonModule): number[] {
  const lines: number[] = [];
  const hit = (name: string, value: SyntaxNode | null | undefined) => {
    const v = literal(mod, value);
    // `apiKey = "apiKey"` (an enum member) names itself; it holds nothing.
    const same = v?.replace(/[-_]/g, '').toLowerCase() === name.replace(/[-_]/g, '').toLowerCase();
    if (!value || v === undefined || same || !SECRET_NAME.test(name) || !credentialLike(v)) return;
    if (!NOT_A_CREDENTIAL.test(`${name} ${v}`)) lines.push(mod.line(value.from));
  };
  walkTree(mod.tree, (n) => {
    if (n.name === 'AssignStatement') {
      const node = n.node;
      const ops = node.getChildren('AssignOp');
      const value = ops.at(-1)?.nextSibling;
      const target = node.firstChild;
      const name = target?.name === 'MemberExpression' ? target.lastChild : target;
      if (name && (name.name === 'VariableName' || name.name === 'PropertyName')) hit(mod.text(name), value);
    } else if (n.name === 'ArgList' || n.name === 'DictionaryExpression') {
      for (let c = n.node.firstChild; c; c = c.nextSibling) {
        const sep = c.nextSibling;
        if (n.name === 'ArgList' && c.name === 'VariableName' && sep?.name === 'AssignOp')
          hit(mod.text(c), sep.nextSibling);
        if (n.name === 'DictionaryExpression' && c.name === 'String' && sep?.name === ':')
          hit(literal(mod, c) ?? '', sep.nextSibling);
      }
    }
    return undefined;
  });
  return lines;
}

/** The files a reviewer counts as the code: tracked ones in a work tree (else every file), minus templates and locks. */
const sourceFiles = (repo: RepoView) =>
  repo.files
    .map((f) => f.path)
    .filter((p) => (!repo.git.tracked || repo.git.tracked.has(p)) && !NOT_SOURCE.test(p));

export const hardcodedSecretsCheck: ScanCheck = {
  id: 'hardcoded-secrets',
  title:
    "No secrets in tracked files (secretlint's recommended rules) and no password/token literals in Python",
  async run(repo) {
    const files = sourceFiles(repo);
    const found: { e: ScanEvidence; what: string }[] = [];
    // Tracked .env files are the env-file check's failure; their values are not "in code" a second time.
    const lintable = files.filter((p) => !isEnvFile(p));
    const secretlint = await Promise.all(
      lintable.map(async (p) => ({ p, list: (await repo.secrets?.(p)) ?? [] })),
    );
    for (const { p, list } of secretlint)
      for (const f of list)
        found.push({ e: repo.evidence(p, f.line), what: f.rule.replace('@secretlint/secretlint-rule-', '') });
    for (const p of lintable) {
      if (!p.endsWith('.py') || TEST_FILE.test(p) || EXAMPLE_FILE.test(p)) continue;
      // Only files naming a credential can hold such an assignment; the tree decides, this only saves parses.
      if (!MENTIONS.test(repo.read(p) ?? '')) continue;
      const mod = repo.parse(p, pythonReader);
      if (mod)
        for (const line of pythonFindings(mod))
          found.push({ e: repo.evidence(p, line), what: 'literal credential' });
    }
    const read = lintable.filter((p) => repo.read(p) !== undefined).length;
    if (read === 0)
      return result('unknown', 'no source files to read', 'Every candidate file was skipped.', '');
    const n = `${read} ${repo.git.tracked ? 'tracked ' : ''}${read === 1 ? 'file' : 'files'}`;
    const scope = repo.git.tracked ? n : `${n} (not a git work tree)`;
    if (found.length === 0)
      return result(
        'pass',
        'no secrets found in the code',
        `secretlint's recommended rules over ${scope} and the Python password/token/api-key assignments found no literal secret. Test, docs and example code is read by secretlint only.`,
        '',
      );
    const seen = new Set<string>();
    const unique = found.filter((f) => {
      const k = `${f.e.path}:${f.e.line}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const kinds = [...new Set(unique.map((f) => f.what))].join(', ');
    return result(
      'fail',
      `${unique.length} hard-coded ${unique.length === 1 ? 'secret' : 'secrets'} (${kinds})`,
      `Secrets written into tracked files reach every clone, image and log of the build; read ${scope}.`,
      'Move each value to the environment or a secrets manager (pydantic BaseSettings reading it without a default), rotate the ones committed, and purge them from history if the repository was ever shared.',
      unique.map((f) => f.e),
    );
  },
};
