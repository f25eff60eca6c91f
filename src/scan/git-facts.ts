import { execFile } from 'node:child_process';

export interface GitFacts {
  tracked: Set<string> | undefined;
  commit: string | undefined;
  /** Why git facts are missing when git was there but refused (shown as a note). */
  problem?: string;
}

const GIT_TIMEOUT_MS = 10_000;

/**
 * Runs git read-only in `dir`. The repository may be hostile: its config must not run programs on our
 * behalf (fsmonitor hooks run on index refresh), and variables of the caller's git must not leak in.
 */
function git(dir: string, args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  env.GIT_OPTIONAL_LOCKS = '0';
  env.GIT_TERMINAL_PROMPT = '0';
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', ...args],
      { cwd: dir, env, timeout: GIT_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => (err ? reject(Object.assign(err, { stderr })) : resolve(stdout)),
    );
  });
}

/** Tracked paths (relative to dir, as `git ls-files` prints them from there) and HEAD, when dir is in a work tree. */
export async function readGitFacts(dir: string): Promise<GitFacts> {
  try {
    const inside = (await git(dir, ['rev-parse', '--is-inside-work-tree'])).trim();
    if (inside !== 'true') return { tracked: undefined, commit: undefined };
  } catch (e) {
    const stderr = String((e as { stderr?: string }).stderr ?? '');
    if (/dubious ownership/.test(stderr))
      return {
        tracked: undefined,
        commit: undefined,
        problem: 'git refused the work tree (dubious ownership)',
      };
    return { tracked: undefined, commit: undefined };
  }
  try {
    const [list, head] = await Promise.all([
      git(dir, ['ls-files', '-z', '--cached', '--', '.']),
      git(dir, ['rev-parse', '--verify', '-q', 'HEAD']).catch(() => ''),
    ]);
    const tracked = new Set(list.split('\0').filter(Boolean));
    return { tracked, commit: head.trim() || undefined };
  } catch (e) {
    return {
      tracked: undefined,
      commit: undefined,
      problem: `git ls-files failed (${(e as Error).message.split('\n')[0]})`,
    };
  }
}
