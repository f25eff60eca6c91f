import { result, type ScanCheck, type ScanEvidence } from '../types.js';

const TEMPLATE = /\.(example|sample|template|dist|defaults?|tpl)$/i;

/** `.env`, `.env.production`, `backend/.env.local`; not `.env.example` and friends, which hold no values. */
export const isEnvFile = (path: string) => {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return (base === '.env' || base.startsWith('.env.')) && !TEMPLATE.test(base);
};

const SECRETISH = /(secret|passw|pwd|token|key|dsn|credential)/i;

/** The line a reviewer would show of a .env: the first secret-looking `KEY=value`, else the first setting. */
function telltaleLine(text: string | undefined): number {
  const lines = (text ?? '').split(/\r?\n/);
  const settings = lines
    .map((l, i) => ({ key: /^\s*(?:export\s+)?([A-Za-z_][\w.]*)\s*=/.exec(l)?.[1], i }))
    .filter((x): x is { key: string; i: number } => x.key !== undefined);
  const pick = settings.find((x) => SECRETISH.test(x.key)) ?? settings[0];
  return (pick?.i ?? 0) + 1;
}

/** Front-end build variables are public by design (bundled into the JavaScript every visitor downloads). */
const PUBLIC_PREFIX = /^(VITE_|NEXT_PUBLIC_|REACT_APP_|NUXT_PUBLIC_|PUBLIC_|EXPO_PUBLIC_)/;

/** A .env holding only public front-end build settings (a Vite `frontend/.env`) carries no secret. */
function onlyPublic(text: string | undefined): boolean {
  const keys = (text ?? '')
    .split(/\r?\n/)
    .flatMap((l) => /^\s*(?:export\s+)?([A-Za-z_][\w.]*)\s*=/.exec(l)?.[1] ?? []);
  return keys.length > 0 && keys.every((k) => PUBLIC_PREFIX.test(k));
}

const FIX_TRACKED =
  'Run `git rm --cached <file>`, commit, add `.env*` (with `!.env.example`) to .gitignore, and rotate every value the file held: it stays in the history of every clone.';
const FIX_IGNORE = 'Add `.env*` and `!.env.example` to the root .gitignore.';

export const envFileCheck: ScanCheck = {
  id: 'env-file',
  title: '`.env` files are ignored by .gitignore and not tracked by git',
  run(repo) {
    const tracked = repo.git.tracked;
    const present = repo.files.map((f) => f.path).filter((p) => isEnvFile(p) && !onlyPublic(repo.read(p)));
    const ruleEvidence = (path: string): ScanEvidence[] => {
      const by = repo.isIgnored(path) ? repo.ignoredBy?.(path) : undefined;
      return by ? [repo.evidence(by.file, by.line)] : [];
    };
    const trackedAll = tracked ? [...tracked].filter(isEnvFile).sort() : [];
    const publicOnly = trackedAll.filter((p) => onlyPublic(repo.read(p)));
    const trackedEnv = trackedAll.filter((p) => !publicOnly.includes(p));
    if (trackedEnv.length > 0) {
      const alsoIgnored = trackedEnv.filter((p) => repo.isIgnored(p));
      return result(
        'fail',
        `${trackedEnv.join(', ')} ${trackedEnv.length === 1 ? 'is' : 'are'} tracked by git`,
        `git tracks ${trackedEnv.join(', ')}: every clone and the history carry its values.` +
          (alsoIgnored.length
            ? ` ${alsoIgnored.join(', ')} ${alsoIgnored.length === 1 ? 'is' : 'are'} also in .gitignore, which does not untrack a file already committed.`
            : ''),
        FIX_TRACKED,
        [
          ...trackedEnv.map((p) => repo.evidence(p, telltaleLine(repo.read(p)))),
          ...alsoIgnored
            .flatMap(ruleEvidence)
            .filter((e, i, all) => all.findIndex((x) => x.path === e.path && x.line === e.line) === i),
        ],
      );
    }
    const exposed = present.filter((p) => !repo.isIgnored(p) && !tracked?.has(p));
    if (exposed.length > 0)
      return result(
        'fail',
        `${exposed.join(', ')} ${exposed.length === 1 ? 'is' : 'are'} not ignored`,
        `No .gitignore rule covers ${exposed.join(', ')}: the next \`git add -A\` commits ${exposed.length === 1 ? 'it' : 'them'}.`,
        FIX_IGNORE,
        exposed.map((p) => repo.evidence(p, telltaleLine(repo.read(p)))),
      );
    const hasGitignore = repo.files.some((f) => f.path === '.gitignore' || f.path.endsWith('/.gitignore'));
    if (!tracked && !hasGitignore)
      return result(
        'unknown',
        'not a git work tree and no .gitignore',
        'Without git or a .gitignore the scan cannot tell whether `.env` would be committed.',
        '',
      );
    const probes = [...new Set([...present, '.env', repo.appRoot ? `${repo.appRoot}/.env` : '.env'])];
    const uncovered = probes.filter((p) => !repo.isIgnored(p));
    if (uncovered.length > 0)
      return result(
        'fail',
        '.gitignore has no rule for `.env`',
        `No .gitignore rule ignores ${uncovered.join(', ')}: a \`.env\` created there would be committed by \`git add -A\`.`,
        FIX_IGNORE,
      );
    const evidence = ruleEvidence(present[0] ?? probes[0] ?? '.env');
    const publicNote = publicOnly.length
      ? ` ${publicOnly.join(', ')} ${publicOnly.length === 1 ? 'holds' : 'hold'} only public front-end build settings (VITE_…), which are not secrets.`
      : '';
    return result(
      'pass',
      present.length ? `${present.join(', ')} ignored and untracked` : '`.env` is ignored',
      `.gitignore ignores ${probes.join(', ')}` +
        (tracked
          ? ' and git tracks no `.env` file with secrets.'
          : '; not a git work tree, so tracking was not checked.') +
        publicNote,
      '',
      evidence,
    );
  },
};
