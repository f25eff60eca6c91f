import { spawn } from 'node:child_process';

/** The real `deploy-check` command as a child process, with its output readable while it runs. */
export function startCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['bin/deploy-check.js', ...args], {
    env: { ...process.env, NO_COLOR: '1', DEPLOY_CHECK_URL: '', DEPLOY_CHECK_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr })),
  );
  const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
  void exited.then(() => clearTimeout(kill));
  return {
    exited,
    /** Waits until stdout matches, failing with what was printed if the process ends first. */
    async line(pattern: RegExp): Promise<RegExpMatchArray> {
      for (;;) {
        const m = stdout.match(pattern);
        if (m) return m;
        if (child.exitCode !== null)
          throw new Error(`exited ${child.exitCode} before printing ${pattern}:\n${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}
