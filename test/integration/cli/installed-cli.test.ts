import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badService, listen, type Target } from '../../helpers/probe-targets.js';

// The CLI as users get it: packed by npm, reached through node_modules/.bin, an npm-link symlink, or the
// image's PATH. Each must print the failing table and exit 1, never pass silently.
const repo = resolve(import.meta.dirname, '../../..');

const run = (file: string, args: string[], cwd: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      file,
      args,
      { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 90_000 },
      (err, stdout, stderr) =>
        done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

const expectFailingTable = (r: { code: number; stdout: string }) => {
  expect(r.stdout).toMatch(/FAIL\s+ready\s+\/ready answered 503/);
  expect(r.code).toBe(1);
};

describe('the installed deploy-check command', () => {
  let bad: Target;
  let tmp = '';
  beforeAll(async () => {
    bad = await listen(badService);
    tmp = mkdtempSync(join(tmpdir(), 'deploy-check-installed-'));
  });
  afterAll(async () => {
    await bad.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('runs through node_modules/.bin after npm pack and install (npx)', async () => {
    const project = join(tmp, 'project');
    const pkg = join(project, 'node_modules', 'deploy-check');
    mkdirSync(pkg, { recursive: true });
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: repo })
      .toString()
      .trim()
      .split('\n')
      .pop() as string;
    execFileSync('tar', ['-xzf', join(tmp, tarball), '-C', pkg, '--strip-components=1']);
    // npm's layout for an installed package; its dependencies come from the repository's install
    // (fetching them from the registry again would only make this slower, not truer).
    symlinkSync(join(repo, 'node_modules'), join(pkg, 'node_modules'));
    mkdirSync(join(project, 'node_modules', '.bin'));
    symlinkSync('../deploy-check/bin/deploy-check.js', join(project, 'node_modules', '.bin', 'deploy-check'));
    writeFileSync(join(project, 'package.json'), '{"name":"ci-job","private":true}\n');
    expectFailingTable(
      await run('npx', ['--no', 'deploy-check', 'probe', bad.url, '--only', 'ready'], project),
    );
  });

  it('runs through an npm link symlink', async () => {
    const prefix = join(tmp, 'global');
    mkdirSync(join(prefix, 'lib', 'node_modules'), { recursive: true });
    mkdirSync(join(prefix, 'bin'));
    symlinkSync(repo, join(prefix, 'lib', 'node_modules', 'deploy-check'));
    symlinkSync('../lib/node_modules/deploy-check/bin/deploy-check.js', join(prefix, 'bin', 'deploy-check'));
    expectFailingTable(
      await run(join(prefix, 'bin', 'deploy-check'), ['probe', bad.url, '--only', 'ready'], tmp),
    );
  });

  it('runs from the file set the Docker image holds (compiled dist, no src) via its PATH link', async () => {
    const dockerfile = readFileSync(join(repo, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    for (const part of ['bin', 'dist', 'node_modules', 'migrations', 'package.json'])
      expect(runtime).toMatch(new RegExp(`^COPY (--from=build /app/)?${part} \\./(${part})?$`, 'm'));
    const link = /^RUN ln -s \/app\/bin\/deploy-check\.js (\S+)$/m.exec(runtime);
    expect(link, 'the runtime stage puts deploy-check on PATH').not.toBeNull();
    const app = join(tmp, 'app');
    // The image's `npm run build`, minus the type check (CI's typecheck step does that once).
    mkdirSync(app);
    execFileSync(
      process.execPath,
      [
        join(repo, 'node_modules/typescript/bin/tsc'),
        '-p',
        'tsconfig.build.json',
        '--noCheck', // the image's npm run build minus the type check, which CI's typecheck step does
        '--outDir',
        join(app, 'dist'),
      ],
      {
        cwd: repo,
      },
    );
    for (const part of ['bin', 'migrations', 'package.json'])
      cpSync(join(repo, part), join(app, part), { recursive: true });
    symlinkSync(join(repo, 'node_modules'), join(app, 'node_modules'));
    const onPath = join(tmp, 'usr-local-bin-deploy-check');
    symlinkSync(join(app, 'bin', 'deploy-check.js'), onPath);
    expectFailingTable(await run(onPath, ['probe', bad.url, '--only', 'ready'], tmp));
  }, 120_000);
});
