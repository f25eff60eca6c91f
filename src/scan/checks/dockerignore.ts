import ignore from 'ignore';
import { appDockerfiles, noDockerfile } from '../config/dockerfiles.js';
import { dirName } from '../config/file-kinds.js';
import { type Finding, findingsResult } from '../config/verdicts.js';
import type { Dockerfile } from '../readers/dockerfile.js';
import type { RepoView, SyncScanCheck } from '../types.js';

/** What must stay out of the build context, as sample paths a context holds. */
const MUST_EXCLUDE: readonly { label: string; paths: string[]; secret?: true; any?: true }[] = [
  { label: '.git', paths: ['.git/HEAD'] },
  { label: '.env files', paths: ['.env', '.env.production'], secret: true },
  // A project has one of the two; excluding the one it uses is enough.
  { label: 'virtualenvs (.venv, venv)', paths: ['.venv/bin/python', 'venv/bin/python'], any: true },
  {
    label: '__pycache__ (at every depth: **/__pycache__)',
    paths: ['__pycache__/m.pyc', 'app/__pycache__/m.pyc'],
  },
  { label: 'test caches (.pytest_cache, .mypy_cache)', paths: ['.pytest_cache/v', '.mypy_cache/v'] },
];

/**
 * A matcher with Docker's semantics through the `ignore` package: Docker anchors every pattern at the
 * context root (`__pycache__` matches only the top-level one; `**\/__pycache__` matches all), so each
 * pattern is anchored with a leading `/` before gitignore matching.
 */
function dockerMatcher(text: string) {
  const ig = ignore();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const body = (negated ? line.slice(1) : line).replace(/^\/+/, '').replace(/^\.\//, '');
    ig.add(`${negated ? '!' : ''}/${body}`);
  }
  return (path: string) => ig.ignores(path);
}

const copiesWholeContext = (file: Dockerfile) =>
  file.stages.flatMap((s) => s.copies).find((c) => c.sources.some((src) => /^\.\/?$/.test(src)));

/** BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile first, then `.dockerignore` at the context. */
function findIgnoreFile(repo: RepoView, dockerfile: string): string | undefined {
  const dir = dirName(dockerfile);
  const at = (name: string) => (dir ? `${dir}/${name}` : name);
  return [`${dockerfile}.dockerignore`, at('.dockerignore'), '.dockerignore'].find(
    (p) => repo.read(p) !== undefined,
  );
}

function judge(repo: RepoView, file: Dockerfile): Finding {
  const whole = copiesWholeContext(file);
  const ignorePath = findIgnoreFile(repo, file.path);
  if (!ignorePath)
    return whole
      ? {
          verdict: 'fail',
          say: `${file.path} copies the whole build context (\`${whole.text}\`) and there is no .dockerignore: .git, .env and virtualenvs are baked into the image.`,
          evidence: [repo.evidence(file.path, whole.line)],
        }
      : {
          verdict: 'warn',
          say: `There is no .dockerignore for ${file.path}; it copies named paths only, but the whole directory (.git, .env) is still sent to the builder.`,
          evidence: [repo.evidence(file.path, file.stages[0]?.from.line ?? 1)],
        };
  const ignored = dockerMatcher(repo.read(ignorePath) ?? '');
  const missing = MUST_EXCLUDE.filter((m) => !(m.any ? m.paths.some(ignored) : m.paths.every(ignored)));
  const evidence = [repo.evidence(ignorePath, 1)];
  if (missing.length === 0)
    return {
      verdict: 'pass',
      say: `${ignorePath} keeps .git, .env files, virtualenvs and caches out of the build context.`,
      evidence,
    };
  const secret = whole !== undefined && missing.some((m) => m.secret);
  return {
    verdict: secret ? 'fail' : 'warn',
    say: `${ignorePath} does not exclude: ${missing.map((m) => m.label).join(', ')}${secret ? ` — and \`${whole?.text}\` copies .env files into the image` : ''}.`,
    evidence: whole ? [...evidence, repo.evidence(file.path, whole.line)] : evidence,
  };
}

export const dockerignore: SyncScanCheck = {
  id: 'dockerignore',
  title: '.dockerignore keeps .git, .env files, virtualenvs and caches out of the build context',
  run(repo) {
    const files = appDockerfiles(repo);
    if (files.length === 0) return noDockerfile();
    return findingsResult(
      files.map(({ file }) => judge(repo, file)),
      {
        pass: '.dockerignore excludes what it should',
        warn: '.dockerignore misses some files',
        fail: 'Secrets or history go into the image',
        unknown: '',
      },
      'Add a .dockerignore beside the Dockerfile with `.git`, `.env*`, `.venv`, `venv`, `**/__pycache__`, `**/.pytest_cache`, `**/.mypy_cache`.',
    );
  },
};
