import { composeServices } from '../config/compose.js';
import { appDockerfiles } from '../config/dockerfiles.js';
import { baseName } from '../config/file-kinds.js';
import { gunicornSettings } from '../config/gunicorn-config.js';
import { eachContainer, k8sWorkloads } from '../config/k8s.js';
import { inherited, option, serverCommands } from '../config/server-commands.js';
import { shellWords } from '../config/shell-words.js';
import { type Finding, summarize } from '../config/verdicts.js';
import type { DockerCommand, Dockerfile } from '../readers/dockerfile.js';
import { type RepoView, result, type SyncScanCheck } from '../types.js';

const INITS = /(^|\/)(tini|tini-static|dumb-init|docker-init|catatonit|s6-svscan)$/;

/** The last command of an entrypoint script: `exec …` hands PID 1 to the server. */
function scriptEndsWithExec(
  repo: RepoView,
  script: string,
): { ok: boolean; line: number; path: string } | undefined {
  const file = repo.files.find((f) => baseName(f.path) === baseName(script));
  if (!file) return undefined;
  // Logical lines: a command continued with a trailing backslash counts from its first line.
  const commands: { words: string[]; line: number }[] = [];
  let pending = '';
  let start = 0;
  (repo.read(file.path) ?? '').split('\n').forEach((text, i) => {
    if (!pending) start = i + 1;
    if (text.endsWith('\\')) pending += `${text.slice(0, -1)} `;
    else {
      commands.push({ words: shellWords(pending + text), line: start });
      pending = '';
    }
  });
  for (const { words, line } of commands.reverse()) {
    if (words.length === 0 || ['fi', 'done', 'esac', '}'].includes(words[0] ?? '')) continue;
    return { ok: words[0] === 'exec', line, path: file.path };
  }
  return undefined;
}

function judge(repo: RepoView, file: Dockerfile, command: DockerCommand): Finding {
  const at = [repo.evidence(file.path, command.line)];
  const words = command.form === 'exec' ? command.args : shellWords(command.args.join(' '));
  const first = words[0] ?? '';
  if (INITS.test(first))
    return {
      verdict: 'pass',
      say: `${file.path} runs an init (\`${baseName(first)}\`) as PID 1; it forwards SIGTERM.`,
      evidence: at,
    };
  if (command.form === 'shell' && first !== 'exec')
    return {
      verdict: 'fail',
      say: `${file.path} uses the shell form (\`${command.text}\`): /bin/sh is PID 1 and does not pass SIGTERM on, so the app is killed after the stop timeout without running its shutdown.`,
      evidence: at,
    };
  const shellC = /(^|\/)(ba|da)?sh$/.test(first) && words[1] === '-c';
  if (shellC && !(words[2] ?? '').trim().startsWith('exec '))
    return {
      verdict: 'fail',
      say: `${file.path} starts the app through \`sh -c\` without \`exec\`: the shell is PID 1 and keeps SIGTERM.`,
      evidence: at,
    };
  const script = words.find((w) => w.endsWith('.sh'));
  const ending = script ? scriptEndsWithExec(repo, script) : undefined;
  if (script && !ending)
    return {
      verdict: 'unknown',
      say: `${file.path} starts \`${script}\`, which is not in the repository: whether it ends with \`exec\` cannot be read.`,
      evidence: at,
    };
  if (ending) {
    const evidence = [...at, repo.evidence(ending.path, ending.line)];
    return ending.ok
      ? {
          verdict: 'pass',
          say: `${file.path} runs ${ending.path}, which ends with \`exec\`: the server becomes PID 1 and gets SIGTERM.`,
          evidence,
        }
      : {
          verdict: 'fail',
          say: `${file.path} runs ${ending.path}, whose last command is not \`exec\`: the script stays PID 1 and the server never sees SIGTERM.`,
          evidence,
        };
  }
  return {
    verdict: 'pass',
    say: `${file.path} uses the exec form (\`${command.text}\`): the process receives SIGTERM directly.`,
    evidence: at,
  };
}

/** A Kubernetes `command:` replaces the image's ENTRYPOINT and runs without a shell, unless it is `sh -c "…"`. */
function k8sCommands(repo: RepoView): Finding[] {
  return eachContainer(k8sWorkloads(repo)).flatMap(({ w, name, label }): Finding[] => {
    const command = w.container(name, ['command']);
    if (!Array.isArray(command?.value)) return [];
    const args = w.container(name, ['args']);
    const words = [...command.value, ...(Array.isArray(args?.value) ? args.value : [])].map(String);
    const evidence = [command.evidence(repo)];
    if (
      /(^|\/)(ba|da)?sh$/.test(words[0] ?? '') &&
      words[1] === '-c' &&
      !(words[2] ?? '').trim().startsWith('exec ')
    )
      return [
        {
          verdict: 'fail',
          say: `${label} runs \`sh -c\` without \`exec\`: the shell is PID 1 and keeps SIGTERM.`,
          evidence,
        },
      ];
    return [
      {
        verdict: 'pass',
        say: `${label}'s command runs directly as PID 1 (no shell) and receives SIGTERM.`,
        evidence,
      },
    ];
  });
}

export const execFormCmd: SyncScanCheck = {
  id: 'exec-form-cmd',
  title: 'The container’s main process receives SIGTERM (exec-form CMD, `exec` in scripts, or an init)',
  run(repo) {
    const findings: Finding[] = [];
    for (const { file, final } of appDockerfiles(repo)) {
      // With an ENTRYPOINT, CMD is only its arguments: the ENTRYPOINT is what runs as PID 1.
      const command = inherited(file, final, 'entrypoint') ?? inherited(file, final, 'cmd');
      if (command) findings.push(judge(repo, file, command));
    }
    findings.push(...k8sCommands(repo));
    const init = composeServices(repo).filter((s) => !s.development && s.value.init === true);
    if (init.length > 0 && findings.some((f) => f.verdict === 'fail'))
      findings.push({
        verdict: 'warn',
        say: 'compose runs the service with `init: true`, which forwards SIGTERM there (but not under Kubernetes).',
        evidence: init.map((s) => s.at(['init'])),
      });
    if (findings.length === 0)
      return result(
        'unknown',
        'No container command found',
        'No Dockerfile CMD or ENTRYPOINT was found: the base image decides. If the app does not ship as a container, mark the item N/A.',
        '',
      );
    const commands = serverCommands(repo).filter((c) => !c.development);
    const graceful = commands
      .filter((c) => option(c.args, ['--timeout-graceful-shutdown', '--graceful-timeout']) !== undefined)
      .map((c) => c.where);
    const configured = gunicornSettings(repo, commands).get('graceful_timeout');
    if (configured) graceful.push(configured.where);
    if (graceful.length > 0)
      findings.push({
        verdict: 'pass',
        say: 'The server bounds its graceful shutdown (in-flight requests get time to finish).',
        evidence: graceful,
      });
    const { verdict, why, evidence } = summarize(findings);
    const summary = {
      pass: 'The server receives SIGTERM and shuts down gracefully',
      warn: 'SIGTERM reaches the server only under compose',
      fail: 'SIGTERM does not reach the server',
      unknown: 'The entrypoint script is not in the repository',
    }[verdict];
    const fix =
      verdict === 'pass' || verdict === 'unknown'
        ? ''
        : 'Use the exec form `CMD ["uvicorn", "app.main:app", …]`, end entrypoint scripts with `exec "$@"` (or `exec uvicorn …`), or run an init (`tini`, `docker run --init`).';
    return result(verdict, summary, why, fix, evidence);
  },
};
