import { type RepoView, result, type ScanEvidence, type ScanVerdict, type SyncScanCheck } from '../types.js';
import type { Call } from './calls.js';
import { nameIs } from './imports.js';
import { callEvidence, callsNamed, effective, noPython, worst } from './kit.js';
import { type PyProject, pythonProject } from './project.js';
import { follow, type Value } from './values.js';

export type Dialect = 'sqlite' | 'postgresql' | 'mysql' | 'unknown';

/** A `create_engine`/`create_async_engine` call (SQLAlchemy or SQLModel) with its URL followed. */
export interface Engine {
  readonly call: Call;
  readonly dialect: Dialect;
  /** `NullPool`/`StaticPool`/…: the pool class named, when one is. */
  readonly poolclass: string | undefined;
  /** The URL's text when it is a literal (or a literal default): query parameters live there. */
  readonly urlText: string | undefined;
  kw(name: string): Value | undefined;
}

const DIALECTS: Dialect[] = ['sqlite', 'postgresql', 'mysql'];
const dialectOfText = (t: string): Dialect | undefined =>
  DIALECTS.find((d) => t.startsWith(d) || (d === 'postgresql' && t.startsWith('postgres')));

function dialectOf(project: PyProject, v: Value | undefined, depth = 0): Dialect {
  const e = v && effective(v);
  if (!e || depth > 3) return 'unknown';
  if (e.kind === 'str') return dialectOfText(e.value) ?? 'unknown';
  if (e.kind === 'fstr') return dialectOfText(e.text) ?? 'unknown';
  if (e.kind === 'call') {
    // `str(settings.URL)`, `MultiHostUrl.build(scheme="postgresql+psycopg", ...)`: look at what it is built from.
    for (const n of [...e.call.args, ...e.call.kwargs.values()]) {
      const d = dialectOf(project, follow(project, e.call.mod, n), depth + 1);
      if (d !== 'unknown') return d;
    }
  }
  return 'unknown';
}

export const engines = (project: PyProject): Engine[] => project.memo('engines', () => findEngines(project));

function findEngines(project: PyProject): Engine[] {
  return callsNamed(project, 'create_engine', 'create_async_engine')
    .filter((c) => !c.mod.path.endsWith('env.py'))
    .map((call) => {
      const urlNode = call.kwargs.get('url') ?? call.args[0];
      const url = urlNode ? follow(project, call.mod, urlNode) : undefined;
      const e = url && effective(url);
      const pool = call.kwargs.get('poolclass');
      return {
        call,
        dialect: dialectOf(project, url),
        poolclass: pool ? call.mod.text(pool).split('.').at(-1) : undefined,
        urlText: e?.kind === 'str' ? e.value : e?.kind === 'fstr' ? e.text : undefined,
        kw: (name: string) => {
          const n = call.kwargs.get(name);
          return n ? follow(project, call.mod, n) : undefined;
        },
      };
    });
}

/**
 * The project and its engines for the engine checks, or the unknown verdict each of them gives without
 * Python source or without an engine.
 */
export function readEngines(
  repo: RepoView,
): { project: PyProject; all: Engine[] } | { unknown: ReturnType<typeof noPython> } {
  const project = pythonProject(repo);
  if (!project.modules.length) return { unknown: noPython() };
  const all = engines(project);
  if (!all.length)
    return {
      unknown: result(
        'unknown',
        'no create_engine call found',
        'No SQLAlchemy/SQLModel engine is created in the Python source.',
        '',
      ),
    };
  return { project, all };
}

export interface PoolFinding {
  verdict: ScanVerdict;
  summary: string;
  why: string;
  fix: string;
  evidence: ScanEvidence[];
}

/** A check over every engine: SQLite and no-engine repositories are unknown, the worst engine decides. */
export function poolCheck(
  id: string,
  title: string,
  decide: (e: Engine, project: PyProject) => PoolFinding,
): SyncScanCheck {
  return {
    id,
    title,
    run(repo) {
      const read = readEngines(repo);
      if ('unknown' in read) return read.unknown;
      const { project, all } = read;
      const server = all.filter((e) => e.dialect !== 'sqlite');
      if (!server.length)
        return result(
          'unknown',
          'SQLite engine: pool settings do not apply',
          'SQLite is a file, not a server: connection pool sizing and connect timeouts are PostgreSQL/MySQL concerns.',
          '',
          all.map((e) => callEvidence(repo, e.call)),
        );
      const found = server.map((e) => decide(e, project));
      const verdict = worst(found.map((f) => f.verdict));
      const first = found.find((f) => f.verdict === verdict)!;
      return result(
        verdict,
        first.summary,
        first.why,
        first.fix,
        found.filter((f) => f.verdict === verdict).flatMap((f) => f.evidence),
      );
    },
  };
}

export const noPool = (e: Engine) =>
  e.poolclass !== undefined && nameIs(e.poolclass, 'NullPool', 'StaticPool', 'SingletonThreadPool');
