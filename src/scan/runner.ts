import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Checklist } from '../checklist/checklist.js';
import type { ScanCheckResult, ScanReport } from '../model/scan-report.js';
import { aggregateItems, countVerdicts, scanVerifiers } from './aggregate.js';
import { findFastApiApp } from './find-app.js';
import { SCAN_CHECKS } from './registry.js';
import { createRepoView, type ScanRepoView } from './repo-view.js';
import { ScanError } from './scan-error.js';
import type { ScanCheck } from './types.js';

export interface RunScanOptions {
  dir: string;
  /** The app's folder relative to dir; found automatically when not given. */
  appRoot?: string | undefined;
  /** Check ids or checklist item ids; every check when not given. */
  only?: readonly string[] | undefined;
  checklist: Checklist;
  now: () => number;
  /** The checks to run (tests); SCAN_CHECKS by default. */
  checks?: readonly ScanCheck[];
}

/** `--app-root` relative to DIR, forward slashes, no `./` or trailing slash; an absolute path inside DIR works too. */
function normalizeAppRoot(dir: string, appRoot: string | undefined): string | undefined {
  if (appRoot === undefined) return undefined;
  const rel = isAbsolute(appRoot) ? relative(resolve(dir), appRoot) : appRoot;
  if (rel === '..' || rel.startsWith('../') || isAbsolute(rel))
    throw new ScanError('bad-option', `--app-root: ${appRoot} is outside ${dir}`);
  return rel
    .split(sep)
    .join('/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\.$/, '')
    .replace(/\/+$/, '');
}

/** Resolves `--only` (check ids and item ids) to the checks to run. */
export function selectChecks(
  all: readonly ScanCheck[],
  only: readonly string[] | undefined,
  checklist: Checklist,
) {
  if (!only || only.length === 0) return [...all];
  const ids = new Set<string>();
  for (const id of only) {
    if (all.some((c) => c.id === id)) ids.add(id);
    else {
      const entry = checklist.itemById.get(id);
      const named = scanVerifiers(entry?.item.verifiedBy).filter((c) => all.some((x) => x.id === c));
      if (named.length === 0)
        throw new ScanError(
          'bad-option',
          `--only: "${id}" is neither a scan check nor an item a scan check verifies`,
        );
      for (const c of named) ids.add(c);
    }
  }
  return all.filter((c) => ids.has(c.id));
}

/** Runs one check; a throw is its verdict "unknown" with the error as why, never the end of the scan. */
async function runCheck(check: ScanCheck, repo: ScanRepoView): Promise<ScanCheckResult> {
  try {
    return { id: check.id, ...(await check.run(repo)) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return {
      id: check.id,
      verdict: 'unknown',
      summary: 'the check failed to run',
      why: `error: ${msg}`,
      fix: '',
      evidence: [],
    };
  }
}

/** Masks evidence again once secretlint has looked at each file it points at (secretlint is async). */
async function remask(repo: ScanRepoView, results: ScanCheckResult[]) {
  const paths = new Set(results.flatMap((r) => r.evidence.map((e) => e.path)));
  await Promise.all([...paths].map((p) => repo.secrets(p)));
  return results.map((r) => ({ ...r, evidence: r.evidence.map((e) => repo.evidence(e.path, e.line)) }));
}

export async function runScan(opts: RunScanOptions): Promise<ScanReport> {
  const started = opts.now();
  let isDir = false;
  try {
    isDir = statSync(opts.dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new ScanError('no-dir', `${opts.dir} is not a directory`);
  const checks = selectChecks(opts.checks ?? SCAN_CHECKS, opts.only, opts.checklist);
  const base = await createRepoView(opts.dir);
  const given = normalizeAppRoot(opts.dir, opts.appRoot);
  if (given !== undefined && given !== '' && !base.files.some((f) => f.path.startsWith(`${given}/`)))
    throw new ScanError('bad-option', `--app-root: ${given} is not a folder with files under ${opts.dir}`);
  const app = findFastApiApp(base, given);
  if (!app)
    throw new ScanError(
      'no-app',
      given
        ? `no FastAPI app under ${given}: no Python file there imports fastapi or calls FastAPI()`
        : `no FastAPI app in ${opts.dir}: no Python file imports fastapi or calls FastAPI() (use --app-root when it lives in a subfolder that is skipped)`,
    );
  const repo = base.withAppRoot(app.appRoot);
  const results = await remask(repo, await Promise.all(checks.map((c) => runCheck(c, repo))));
  const items = aggregateItems(opts.checklist, results);
  return {
    root: opts.dir,
    appRoot: app.appRoot,
    commit: repo.git.commit,
    startedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, Math.round(opts.now() - started)),
    summary: countVerdicts(items),
    items,
    checks: results,
    files: repo.counts(),
    notes: repo.notes(),
  };
}
