import type { RepoView, ScanEvidence, ScanVerdict } from '../types.js';
import { result } from '../types.js';
import { type Call, callsIn } from './calls.js';
import { nameIs } from './imports.js';
import type { PyProject } from './project.js';
import type { Loc, Value } from './values.js';

/** Evidence for a location a value or call came from. */
export const evidenceAt = (repo: RepoView, at: Loc): ScanEvidence => repo.evidence(at.path, at.line);
export const callEvidence = (repo: RepoView, call: Call): ScanEvidence =>
  repo.evidence(call.mod.path, call.line);

/** Evidence without repeats (one line may hold two findings). */
export const distinct = (evidence: readonly ScanEvidence[]): ScanEvidence[] =>
  evidence.filter((e, i) => evidence.findIndex((o) => o.path === e.path && o.line === e.line) === i);

/** A call's line, then the line its value came from when that is elsewhere (a setting, a constant). */
export const callAndValue = (repo: RepoView, call: Call, v: Value | undefined): ScanEvidence[] =>
  distinct([callEvidence(repo, call), ...(v ? [evidenceAt(repo, v.at)] : [])]);

/** Calls across the app's modules whose resolved name is, or ends with, one of `names`. */
export const callsNamed = (project: PyProject, ...names: string[]): Call[] =>
  project.modules.flatMap((m) => callsIn(m).filter((c) => nameIs(c.name, ...names)));

const RANK: Record<ScanVerdict, number> = { unknown: 0, pass: 1, warn: 2, fail: 3 };
export const worst = (verdicts: readonly ScanVerdict[]): ScanVerdict =>
  verdicts.reduce<ScanVerdict>((a, b) => (RANK[b] > RANK[a] ? b : a), 'unknown');

/** The value that applies when nothing is set in the environment (an env read falls back to its default). */
export const effective = (v: Value): Value | undefined => (v.kind === 'env' ? v.fallback : v);

/** A value as a reviewer would quote it. */
export function show(v: Value | undefined): string {
  if (!v) return 'unset';
  switch (v.kind) {
    case 'str':
      return JSON.stringify(v.value);
    case 'num':
      return String(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'env':
      return v.fallback ? `env ${v.name}, default ${show(v.fallback)}` : `env ${v.name} (no default)`;
    case 'ref':
      return v.name;
    case 'call':
      return `${v.call.name}(…)`;
    default:
      return v.kind === 'fstr' ? 'a string built at run time' : 'an expression';
  }
}

/** True/False as written, following defaults. undefined when it cannot be told. */
export function truthy(v: Value | undefined): boolean | undefined {
  const e = v && effective(v);
  if (!e) return v?.kind === 'env' ? undefined : false;
  if (e.kind === 'bool') return e.value;
  if (e.kind === 'num') return e.value !== 0;
  if (e.kind === 'none') return false;
  if (e.kind === 'str') return ['1', 'true', 'yes', 'on'].includes(e.value.toLowerCase());
  return undefined;
}

/** The verdict when a repository has no Python modules to read. */
export const noPython = () =>
  result(
    'unknown',
    'no Python source found',
    'This check reads the application’s Python modules; the scan found none.',
    '',
  );

/** The verdict when no FastAPI/Starlette app is built anywhere in the source. */
export const noApp = () =>
  result(
    'unknown',
    'no FastAPI app found',
    'No FastAPI(...) or Starlette(...) call in the Python source.',
    '',
  );
