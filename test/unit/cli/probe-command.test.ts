import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { goodService, listen, type Target } from '../../helpers/probe-targets.js';

const run = async (argv: string[], o: { isTTY?: boolean; env?: NodeJS.ProcessEnv } = {}) => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    isTTY: o.isTTY ?? false,
    env: o.env ?? {},
  });
  return { code, stdout, stderr };
};

describe('deploy-check probe (main with captured io)', () => {
  let svc: Target;
  let dir: string;
  let config: string;
  beforeAll(async () => {
    // /health answers only with the token, so a pass proves the configured header was sent.
    svc = await listen((req, res) =>
      req.headers.authorization === 'Bearer s3cret'
        ? goodService(req, res)
        : void res.writeHead(401).end('{"detail":"Not authenticated"}'),
    );
    dir = mkdtempSync(join(tmpdir(), 'deploy-check-cli-'));
    config = join(dir, 'deploy-check.yaml');
    writeFileSync(
      config,
      `services:\n  - name: api\n    baseUrl: ${svc.url}\n    probes:\n      headers: { authorization: "Bearer \${API_TOKEN}" }\n`,
    );
  });
  afterAll(async () => {
    await svc.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the service URL and probe settings from --service/--config, with env interpolation', async () => {
    const r = await run(['probe', '--service', 'api', '--config', config, '--only', 'health', '--json'], {
      env: { API_TOKEN: 's3cret' },
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      target: `${svc.url}/`,
      results: [{ id: 'health', status: 'pass' }],
    });
  });

  it('exits 1 when a probe fails', async () => {
    const r = await run(['probe', svc.url, '--only', 'health,request-id']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}health {6}\/health answered 401/);
  });

  it('prints an aligned table, coloured only on a TTY without NO_COLOR', async () => {
    const args = ['probe', '--service', 'api', '--config', config, '--only', 'health,api-docs,server-header'];
    const env = { API_TOKEN: 's3cret' };
    const tty = await run(args, { isTTY: true, env });
    expect(tty.stdout).toContain('\x1b[32mPASS\x1b[0m');
    expect((await run(args, { isTTY: true, env: { ...env, NO_COLOR: '1' } })).stdout).not.toContain('\x1b[');
    const plain = await run(args, { env });
    const rows = plain.stdout.split('\n').filter((l) => /^(PASS|WARN|FAIL|SKIP) /.test(l));
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((l) => l.search(/(?<=\S {2})\S+ +\S/)))).toEqual(new Set([6]));
    expect(new Set(rows.map((l) => l.indexOf(' ', 6 + 'server-header'.length) + 2))).toHaveLength(1);
    expect(plain.stdout).toContain('3 passed, 0 warned, 0 failed, 0 skipped');
  });

  it.each([
    [['probe', 'http://127.0.0.1:1', '--timeout-ms', 'abc'], '--timeout-ms must be a whole number'],
    [['probe', '--service', 'api'], '--service needs --config FILE'],
    [['probe', '--service', 'api', '--config', '/nonexistent/deploy-check.yaml'], '--config: cannot read'],
    [['probe', '--service', 'nope', '--config', 'CONFIG'], '--service: no service "nope"'],
    [['probe', 'http://127.0.0.1:1', '--ca-file', '/nonexistent/ca.pem'], '--ca-file: cannot read'],
    [['probe', 'http://127.0.0.1:1', '--frobnicate'], "Unknown option '--frobnicate'"],
  ])('exits 2 on a usage error, naming the flag: %j', async (argv, message) => {
    const r = await run(
      argv.map((a) => (a === 'CONFIG' ? config : a)),
      { env: { API_TOKEN: 's3cret' } },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('Usage: deploy-check probe');
  });

  // Link-local targets are refused with exit 2 in ssrf-namespace.test.ts: a failing guard there reaches a
  // stand-in, not a real metadata address. 0.0.0.0 can only reach this host.
  it('exits 2 on the unspecified address, which --allow-link-local does not allow', async () => {
    const r = await run(['probe', 'http://0.0.0.0:9/', '--allow-link-local']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('0.0.0.0 is the unspecified address');
  });

  it('exits 2 with the command list for no or an unknown command, 0 for --help', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['deploy'])).stderr).toContain('unknown command "deploy"');
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toContain('probe <url>');
  });
});
