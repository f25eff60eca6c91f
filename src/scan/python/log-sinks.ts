import type { Call } from './calls.js';
import { nameIs } from './imports.js';
import { callsNamed, effective } from './kit.js';
import type { PyProject } from './project.js';
import { follow, type Loc, type Value } from './values.js';

export type SinkKind = 'file' | 'rotating' | 'timed' | 'watched' | 'external' | 'stream';

/** Where a logging handler sends records, and whether it rotates its file. */
export interface LogSink {
  readonly kind: SinkKind;
  readonly at: Loc;
  readonly detail: string;
  /** For a size-rotating file: maxBytes (0 means it never rotates). */
  readonly maxBytes?: number | undefined;
}

const CLASSES: [SinkKind, string[]][] = [
  ['rotating', ['RotatingFileHandler', 'ConcurrentRotatingFileHandler']],
  ['timed', ['TimedRotatingFileHandler']],
  ['watched', ['WatchedFileHandler']],
  ['file', ['FileHandler']],
  ['stream', ['StreamHandler', 'RichHandler']],
  [
    'external',
    [
      'SysLogHandler',
      'HTTPHandler',
      'SocketHandler',
      'DatagramHandler',
      'LokiHandler',
      'LokiQueueHandler',
      'CloudWatchLogHandler',
      'GELFUDPHandler',
      'GELFTCPHandler',
      'GELFHTTPHandler',
      'LogstashHandler',
      'AsynchronousLogstashHandler',
      'CloudLoggingHandler',
      'StructuredLogHandler',
      'LoggingHandler',
      'DatadogLogHandler',
      'LogtailHandler',
      'AzureLogHandler',
      'FluentHandler',
      'SentryHandler',
    ],
  ],
];

/** The kind of a handler class named in code or in configuration (`logging.handlers.RotatingFileHandler`). */
export const kindOf = (cls: string): SinkKind | undefined =>
  CLASSES.find(([, names]) => names.some((n) => cls === n || cls.endsWith(`.${n}`)))?.[0];

const num = (v: Value | undefined) => {
  const e = v && effective(v);
  return e?.kind === 'num' ? e.value : undefined;
};

function fromDictConfig(project: PyProject, call: Call): LogSink[] {
  const cfg = call.args[0] ? effective(follow(project, call.mod, call.args[0])) : undefined;
  if (cfg?.kind !== 'dict') return [];
  const entry = (d: Value, key: string) =>
    d.kind === 'dict' ? d.entries.find(([k]) => k.kind === 'str' && k.value === key)?.[1] : undefined;
  const handlers = entry(cfg, 'handlers');
  if (handlers?.kind !== 'dict') return [];
  return handlers.entries.flatMap(([, h]) => {
    const cls = entry(h, 'class');
    const kind = cls?.kind === 'str' ? kindOf(cls.value) : undefined;
    return kind && cls
      ? [
          {
            kind,
            at: cls.at,
            detail: cls.kind === 'str' ? cls.value : '',
            maxBytes: num(entry(h, 'maxBytes')),
          },
        ]
      : [];
  });
}

/** Every handler the app configures: handler objects, basicConfig, dictConfig dicts, loguru sinks. */
export const logSinks = (project: PyProject): LogSink[] =>
  project.memo('log-sinks', () => findSinks(project));

function findSinks(project: PyProject): LogSink[] {
  const out: LogSink[] = [];
  const at = (c: Call): Loc => ({ path: c.mod.path, line: c.line });
  for (const call of callsNamed(project, ...CLASSES.flatMap(([, n]) => n))) {
    const kind = kindOf(call.name)!;
    const maxNode = call.kwargs.get('maxBytes') ?? call.args[2];
    out.push({
      kind,
      at: at(call),
      detail: call.name,
      maxBytes: kind === 'rotating' ? (maxNode ? num(follow(project, call.mod, maxNode)) : 0) : undefined,
    });
  }
  for (const call of callsNamed(project, 'logging.basicConfig')) {
    if (call.kwargs.has('handlers')) continue;
    out.push({
      kind: call.kwargs.has('filename') ? 'file' : 'stream',
      at: at(call),
      detail: 'logging.basicConfig',
    });
  }
  for (const call of callsNamed(project, 'logging.config.dictConfig'))
    out.push(...fromDictConfig(project, call));
  for (const call of callsNamed(project, 'loguru.logger.add')) {
    const sink = call.args[0] ? effective(follow(project, call.mod, call.args[0])) : undefined;
    const isPath = sink?.kind === 'str' || sink?.kind === 'fstr';
    const rotates = call.kwargs.has('rotation');
    const isStd = sink?.kind === 'ref' && nameIs(sink.name, 'sys.stdout', 'sys.stderr');
    const kind: SinkKind = isPath ? (rotates ? 'timed' : 'file') : isStd ? 'stream' : 'external';
    out.push({ kind, at: at(call), detail: 'loguru logger.add' });
  }
  for (const call of callsNamed(project, 'logging.config.fileConfig'))
    out.push(...fromFileConfig(project, call));
  return out;
}

/** `fileConfig("logging.ini")`: the ini's `[handler_*]` sections, read as INI (a line format, not code). */
function fromFileConfig(project: PyProject, call: Call): LogSink[] {
  const file = call.args[0] ? effective(follow(project, call.mod, call.args[0])) : undefined;
  if (file?.kind !== 'str') return [];
  const dir = call.mod.path.split('/').slice(0, -1).join('/');
  const candidates = [file.value, `${dir}/${file.value}`, `${project.repo.appRoot}/${file.value}`].map((p) =>
    p.replace(/^\.?\//, '').replace(/\/\.\//g, '/'),
  );
  const path = candidates.find((p) => project.repo.read(p) !== undefined);
  const text = path ? project.repo.read(path)! : '';
  const out: LogSink[] = [];
  let section = '';
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('[')) section = line;
    const [key, value] = line.split('=').map((x) => x.trim());
    const kind = section.startsWith('[handler_') && key === 'class' && value ? kindOf(value) : undefined;
    if (kind && path) out.push({ kind, at: { path, line: i + 1 }, detail: value! });
  });
  return out;
}

/** logrotate configuration kept in the repository (rotation outside the app). */
export const logrotateFiles = (project: PyProject) =>
  project.repo.files.filter((f) => f.path.split('/').some((p) => p.startsWith('logrotate')));
