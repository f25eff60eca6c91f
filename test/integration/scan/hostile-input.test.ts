import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../../src/model/scan-report.js';
import { makeRepo } from '../../helpers/scan-repo.js';

// Every hostile file ends in a per-file note while the scan goes on: the real CLI process, a tmp tree.
const ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

/** Whether nobody can run this checkout's CLI (node, the sources and node_modules readable to others). */
function nobodyCanRun(): boolean {
  const probe = spawnSync(process.execPath, ['bin/deploy-check.js', '--help'], {
    uid: NOBODY,
    gid: NOBODY,
    env: { ...process.env, HOME: '/tmp' },
  });
  return probe.status === 0;
}

function runScan(dir: string, asUid?: number) {
  return new Promise<{ code: number; stdout: string; stderr: string; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['bin/deploy-check.js', 'scan', dir, '--json'], {
      env: { ...process.env, NO_COLOR: '1', ...(asUid !== undefined ? { HOME: '/tmp' } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asUid !== undefined ? { uid: asUid, gid: NOBODY } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started });
    });
  });
}

const BOMB = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
alert: *i
`;

describe('deploy-check scan on hostile input', () => {
  let repo: ReturnType<typeof makeRepo>;
  let outside: ReturnType<typeof makeRepo>;
  let report: ScanReport;
  let run: Awaited<ReturnType<typeof runScan>>;
  let asNobody = false;

  beforeAll(async () => {
    outside = makeRepo({ 'secret.py': 'OUTSIDE_PASSWORD = "never-read-this-1"\n' });
    repo = makeRepo({
      'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
      '.github/workflows/bomb.yml': BOMB,
      'monitoring/bomb-alerts.yaml': BOMB,
      'app/deep.py': `# a FastAPI app with a password\nx = ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
    });
    const d = repo.dir;
    symlinkSync(join(outside.dir, 'secret.py'), join(d, 'app/leak.py'));
    symlinkSync(outside.dir, join(d, 'outside-dir'));
    symlinkSync('/etc/passwd', join(d, 'passwd.txt'));
    writeFileSync(join(d, 'app/huge.py'), '');
    truncateSync(join(d, 'app/huge.py'), 100 * 1024 * 1024); // sparse: 100 MB on paper, nothing on disk
    writeFileSync(join(d, 'app/latin1.py'), Buffer.from('# caf\xe9 = 1\n', 'latin1'));
    writeFileSync(join(d, 'app/locked.py'), 'LOCKED_TOKEN = "abc123def456"\n');
    chmodSync(join(d, 'app/locked.py'), 0o000);
    mkdirSync(join(d, 'pipe'));
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(d, 'pipe/fifo.py')]);
    // As root chmod 000 stops nothing, so the scan runs as nobody to meet a real EACCES, when it can.
    asNobody = ROOT && nobodyCanRun();
    if (ROOT && !asNobody)
      console.warn(
        'hostile-input: running as root and nobody cannot run this checkout: the unreadable-file case is not exercised',
      );
    run = await runScan(d, asNobody ? NOBODY : undefined);
    report = JSON.parse(run.stdout) as ScanReport;
  }, 90_000);
  afterAll(() => {
    repo.cleanup();
    outside.cleanup();
  });

  it('finishes with a report, not a crash', () => {
    expect(run.stderr).toBe('');
    expect([0, 1]).toContain(run.code);
    expect(report.checks.length).toBeGreaterThan(0);
  });

  it('gives each hostile file a clear note', () => {
    const notes = Object.fromEntries(report.notes.map((n) => [n.path, n.note]));
    expect(notes).toMatchObject({
      'app/leak.py': 'symlink points outside the scanned directory; not read',
      'outside-dir': 'symlink points outside the scanned directory; not read',
      'passwd.txt': 'symlink points outside the scanned directory; not read',
      'app/huge.py': '100.0 MiB, over the 1 MiB limit; skipped',
      'app/latin1.py': 'not valid UTF-8; skipped',
      'pipe/fifo.py': 'not a regular file (FIFO, socket or device); not read',
      'app/deep.py': "python reader: brackets nested deeper than 200 levels (CPython's limit): not parsed",
      'monitoring/bomb-alerts.yaml': expect.stringMatching(/^yaml reader: .*alias/i),
    });
  });

  it('notes an unreadable file and reads none of it', () => {
    const locked = report.notes.find((n) => n.path === 'app/locked.py');
    if (ROOT && !asNobody) {
      expect(locked).toBeUndefined(); // root reads it: the case cannot happen here (warned above)
      return;
    }
    expect(locked).toEqual({ path: 'app/locked.py', note: 'permission denied; not read' });
    expect(run.stdout).not.toContain('abc123def456');
  });

  it('never reads outside the scanned directory', () => {
    expect(run.stdout).not.toContain('never-read-this-1');
    expect(run.stdout).not.toContain('root:x:0:0');
    expect(
      report.checks.find((c) => c.id === 'hardcoded-secrets')?.evidence.map((e) => e.path),
    ).not.toContain('app/leak.py');
  });
});
