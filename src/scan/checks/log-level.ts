import { moduleConstants } from '../python/assignments.js';
import { callsNamed, distinct, effective, evidenceAt, noPython, show } from '../python/kit.js';
import { type PyProject, pythonProject } from '../python/project.js';
import { settingsClasses } from '../python/settings.js';
import { fieldValue, follow, type Value } from '../python/values.js';
import { result, type SyncScanCheck } from '../types.js';

// A setting that names the log level; tested on the identifier.
const LEVEL_NAME = /^log(ging)?_level$/i;
const DEBUG = new Set(['DEBUG', 'TRACE', 'NOTSET']);
const QUIET = new Set(['INFO', 'WARNING', 'WARN', 'ERROR', 'CRITICAL', 'FATAL']);

/** 'debug', 'ok', or undefined when the value cannot be read. */
function level(v: Value): 'debug' | 'ok' | undefined {
  const e = effective(v);
  if (!e) return undefined;
  const word =
    e.kind === 'str' ? e.value.toUpperCase() : e.kind === 'ref' ? (e.name.split('.').at(-1) ?? '') : '';
  if (e.kind === 'num') return e.value < 20 ? 'debug' : 'ok';
  return DEBUG.has(word) ? 'debug' : QUIET.has(word) ? 'ok' : undefined;
}

function levels(project: PyProject): Value[] {
  const out: Value[] = [];
  const kw = (names: string[], key: string, arg?: number) => {
    for (const c of callsNamed(project, ...names)) {
      const n = c.kwargs.get(key) ?? (arg === undefined ? undefined : c.args[arg]);
      if (n) out.push(follow(project, c.mod, n));
    }
  };
  kw(['logging.basicConfig', 'loguru.logger.add'], 'level');
  kw(['setLevel'], 'level', 0);
  kw(['uvicorn.run', 'uvicorn.Config'], 'log_level');
  for (const cls of settingsClasses(project))
    for (const name of cls.fields.keys())
      if (LEVEL_NAME.test(name)) out.push(fieldValue(project, cls, name)!);
  for (const mod of project.modules)
    for (const [name, a] of moduleConstants(mod))
      if (LEVEL_NAME.test(name) && a.value) out.push(follow(project, mod, a.value));
  for (const c of callsNamed(project, 'logging.config.dictConfig')) {
    // Every "level" entry of the config dict, at any depth (root, loggers, handlers); bounded by a work list.
    const todo = c.args[0] ? [effective(follow(project, c.mod, c.args[0]))] : [];
    for (let i = 0; i < todo.length && i < 500; i++) {
      const d = todo[i];
      if (d?.kind !== 'dict') continue;
      for (const [k, v] of d.entries) {
        if (k.kind === 'str' && k.value === 'level') out.push(v);
        else todo.push(effective(v));
      }
    }
  }
  return out;
}

export const logLevel: SyncScanCheck = {
  id: 'log-level',
  title: 'Log level INFO or WARNING, not DEBUG',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    const found = levels(project);
    const debug = found.filter((v) => level(v) === 'debug');
    if (debug.length)
      return result(
        'fail',
        `log level DEBUG (${show(debug[0])})`,
        'Debug logging in production floods the logs, costs I/O, and often records request bodies, SQL parameters and tokens.',
        'Default the level to INFO (or WARNING) and lower it only through the environment while investigating.',
        distinct(debug.map((v) => evidenceAt(repo, v.at))),
      );
    const ok = found.filter((v) => level(v) === 'ok');
    if (ok.length)
      return result(
        'pass',
        `log level ${show(ok[0])}`,
        'Every level the app sets is INFO or quieter.',
        '',
        distinct(ok.map((v) => evidenceAt(repo, v.at))),
      );
    if (found.length)
      return result(
        'unknown',
        `log level comes from ${show(found[0])}`,
        'The level is decided at deploy time; the scan cannot read it.',
        '',
        found.map((v) => evidenceAt(repo, v.at)),
      );
    return result(
      'pass',
      'no level set: Python’s root default WARNING applies',
      'Nothing sets a level, so the root logger stays at WARNING (uvicorn’s own loggers at info): no debug output.',
      '',
    );
  },
};
