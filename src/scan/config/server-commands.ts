import type { DockerCommand, Dockerfile, DockerStage } from '../readers/dockerfile.js';
import type { RepoView, ScanEvidence } from '../types.js';
import { composeMap, composeServices } from './compose.js';
import { appDockerfiles } from './dockerfiles.js';
import { baseName } from './file-kinds.js';
import { k8sObjects, k8sWorkloads } from './k8s.js';
import { shellWords, simpleCommands } from './shell-words.js';

export type ServerKind = 'uvicorn' | 'gunicorn' | 'hypercorn' | 'fastapi';

/** One command that starts the app's server, and where it is written. */
export interface ServerCommand {
  server: ServerKind;
  /** The words after the server's name (for `fastapi run`, after `run`). */
  args: string[];
  where: ScanEvidence;
  /** A development file (compose override, `fastapi dev`): its `--reload` is expected. */
  development: boolean;
  /** WEB_CONCURRENCY set beside it (ENV, compose environment, container env). */
  webConcurrency: { value: string; where: ScanEvidence } | undefined;
  /** Replicas of the container that runs it, when Kubernetes or compose says. */
  replicas: number | undefined;
}

const SERVERS = new Set<string>(['uvicorn', 'gunicorn', 'hypercorn', 'fastapi']);

/** Finds the server in one simple command: `uvicorn …`, `python -m uvicorn …`, `uv run gunicorn …`. */
export function findServer(words: readonly string[]): { server: ServerKind; args: string[] } | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = baseName(words[i] ?? '');
    const name = w === '-m' ? baseName(words[i + 1] ?? '') : w;
    if (!SERVERS.has(name)) continue;
    const rest = words.slice(w === '-m' ? i + 2 : i + 1);
    if (name === 'fastapi') {
      const sub = rest[0];
      if (sub !== 'run' && sub !== 'dev') continue;
      return { server: 'fastapi', args: sub === 'dev' ? ['--reload', ...rest.slice(1)] : rest.slice(1) };
    }
    return { server: name as ServerKind, args: rest };
  }
  return undefined;
}

type Base = Omit<ServerCommand, 'server' | 'args'>;

function fromWords(words: readonly string[], base: Base): ServerCommand[] {
  return simpleCommands(words).flatMap((c) => {
    const found = findServer(c);
    return found ? [{ ...found, ...base }] : [];
  });
}

/** Entrypoint scripts named in a command: the server usually starts on their last line. */
function fromScripts(repo: RepoView, words: readonly string[], base: Omit<Base, 'where'>): ServerCommand[] {
  const scripts = words.filter((w) => w.endsWith('.sh')).map(baseName);
  return repo.files
    .filter((f) => scripts.includes(baseName(f.path)))
    .flatMap((f) =>
      (repo.read(f.path) ?? '')
        .split('\n')
        .flatMap((text, i) => fromWords(shellWords(text), { ...base, where: repo.evidence(f.path, i + 1) })),
    );
}

const dockerWords = (c: DockerCommand | undefined) =>
  c ? (c.form === 'exec' ? c.args : shellWords(c.args.join(' '))) : [];

/** CMD or ENTRYPOINT of a stage, else of the stage it is built FROM. */
export function inherited(
  file: Dockerfile,
  stage: DockerStage,
  key: 'cmd' | 'entrypoint',
): DockerCommand | undefined {
  let s: DockerStage | undefined = stage;
  for (let hops = 0; s && hops <= file.stages.length; hops++) {
    if (s[key]) return s[key];
    s = s.baseStage !== undefined ? file.stages[s.baseStage] : undefined;
  }
  return undefined;
}

/** Every command that starts the app's server: Dockerfile, compose, Kubernetes, Procfile, entrypoint scripts. */
export function serverCommands(repo: RepoView): ServerCommand[] {
  const out: ServerCommand[] = [];
  for (const { file, final } of appDockerfiles(repo)) {
    const env = final.envs.find((e) => e.name === 'WEB_CONCURRENCY');
    const base = {
      development: false,
      webConcurrency: env ? { value: env.value, where: repo.evidence(file.path, env.line) } : undefined,
      replicas: undefined,
    };
    const ep = inherited(file, final, 'entrypoint');
    const cmd = inherited(file, final, 'cmd');
    // Docker appends CMD to an ENTRYPOINT as its arguments.
    const words = [...dockerWords(ep), ...dockerWords(cmd)];
    const line = ep && findServer(dockerWords(ep)) ? ep.line : (cmd ?? ep)?.line;
    if (line !== undefined)
      out.push(
        ...fromWords(words, { ...base, where: repo.evidence(file.path, line) }),
        ...fromScripts(repo, words, base),
      );
  }
  for (const s of composeServices(repo)) {
    const wc = composeMap(s, 'environment').get('WEB_CONCURRENCY');
    const replicas = Number((s.value.deploy as { replicas?: unknown } | undefined)?.replicas ?? Number.NaN);
    const base = {
      development: s.development,
      webConcurrency: wc !== undefined ? { value: wc, where: s.at(['environment']) } : undefined,
      replicas: Number.isFinite(replicas) ? replicas : undefined,
    };
    for (const key of ['entrypoint', 'command'] as const) {
      const v = s.value[key];
      const words = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? shellWords(v) : [];
      out.push(...fromWords(words, { ...base, where: s.at([key]) }), ...fromScripts(repo, words, base));
    }
  }
  for (const w of k8sWorkloads(repo)) {
    const replicas = w.get(['spec', 'replicas']);
    // An HPA keeps at least minReplicas (default 1) whatever the Deployment says.
    const hpa = k8sObjects(repo).objects.find((o) => {
      const target = (o.value.spec as { scaleTargetRef?: { kind?: unknown; name?: unknown } } | undefined)
        ?.scaleTargetRef;
      return (
        o.kind === 'HorizontalPodAutoscaler' &&
        target?.kind === w.object.kind &&
        target.name === w.object.name
      );
    });
    const minReplicas = Number((hpa?.value.spec as { minReplicas?: unknown } | undefined)?.minReplicas ?? 1);
    for (const name of w.containers) {
      const env = w.container(name, ['env']);
      const wc = Array.isArray(env?.value)
        ? (env.value as { name?: unknown; value?: unknown }[]).find((e) => e.name === 'WEB_CONCURRENCY')
        : undefined;
      const base = {
        development: false,
        webConcurrency: wc && env ? { value: String(wc.value ?? ''), where: env.evidence(repo) } : undefined,
        // A Deployment without `replicas` runs one pod.
        replicas: Math.max(replicas === undefined ? 1 : Number(replicas.value), hpa ? minReplicas : 0),
      };
      for (const key of ['command', 'args']) {
        const v = w.container(name, [key]);
        if (Array.isArray(v?.value))
          out.push(...fromWords(v.value.map(String), { ...base, where: v.evidence(repo) }));
      }
    }
  }
  for (const { path } of repo.files.filter((f) => baseName(f.path) === 'Procfile')) {
    (repo.read(path) ?? '').split('\n').forEach((text, i) => {
      const [, command] = /^\s*web\s*:(.*)$/.exec(text) ?? [];
      if (command)
        out.push(
          ...fromWords(shellWords(command), {
            development: false,
            webConcurrency: undefined,
            replicas: undefined,
            where: repo.evidence(path, i + 1),
          }),
        );
    });
  }
  return out;
}

/** The value of an option (`--workers 4`, `--workers=4`, `-w 4`, `-w4`), `true` for a bare flag. */
export function option(args: readonly string[], names: readonly string[]): string | true | undefined {
  let found: string | true | undefined;
  args.forEach((a, i) => {
    for (const n of names) {
      if (a === n) {
        const next = args[i + 1];
        found = next !== undefined && !next.startsWith('-') ? next : true;
      } else if (n.startsWith('--') && a.startsWith(`${n}=`)) found = a.slice(n.length + 1);
      else if (!n.startsWith('--') && a.startsWith(n) && a.length > n.length) found = a.slice(n.length);
    }
  });
  return found;
}
