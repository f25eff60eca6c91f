import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * SSRF guard in every entry point, against a metadata stand-in that can catch a failing guard: a fresh
 * network namespace (nothing can leave it) with 169.254.169.254/32 on its own `lo` and a recorder listening
 * there. The driver runs inside it and reports how many connections reached the stand-in per scenario.
 */
const why = (() => {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'unshare --net needs root';
  const probe = spawnSync('unshare', ['--net', '--mount', 'sh', '-c', 'ip link set lo up'], {
    encoding: 'utf8',
  });
  if (probe.error)
    return `unshare is not available (${probe.error.message}); install util-linux and iproute2`;
  if (probe.status !== 0)
    return `unshare --net --mount failed: ${probe.stderr.trim() || `exit ${probe.status}`}`;
  return undefined;
})();
if (why) console.warn(`SKIPPING the SSRF namespace tests: ${why}. The link-local guard is NOT proven here.`);

describe.skipIf(why !== undefined)('SSRF: nothing reaches a metadata stand-in from any entry point', () => {
  let dir: string;
  let result: {
    counts: Record<string, number>;
    exitCodes: Record<string, number>;
    told: Record<string, string>;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-check-ssrf-'));
    const hosts = join(dir, 'hosts');
    writeFileSync(hosts, '127.0.0.1 localhost\n::1 localhost\n169.254.169.254 metadata-alias.test\n');
    // Niced: a dozen CLI processes and two bots must not starve the suites running beside this one.
    const run = spawnSync(
      'nice',
      [
        '-n',
        '10',
        'unshare',
        '--net',
        '--mount',
        'sh',
        '-c',
        'set -e; ip link set lo up; ip addr add 169.254.169.254/32 dev lo; mount --bind "$1" /etc/hosts; exec "$2" --import tsx "$3"',
        'sh',
        hosts,
        process.execPath,
        'test/integration/probes/ssrf-namespace/driver.ts',
      ],
      { encoding: 'utf8', timeout: 170_000, env: { ...process.env, NO_COLOR: '1' } },
    );
    const line = run.stdout.trim().split('\n').pop() ?? '';
    if (run.status !== 0 || !line.startsWith('{'))
      throw new Error(`namespace driver failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
    result = JSON.parse(line);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const refused = (entry: string, kinds: string[]) =>
    it.each(kinds)(`${entry}: %s target sends nothing to the stand-in`, (kind) => {
      expect(result.counts[`${entry} ${kind}`]).toBe(0);
    });
  const allowed = (entry: string, kinds: string[]) =>
    it.each(kinds)(`${entry}: %s target reaches the stand-in once link-local is allowed`, (kind) => {
      expect(result.counts[`${entry} ${kind} allowed`]).toBeGreaterThan(0);
    });

  const HTTP = ['literal', 'mapped', 'decimal', 'name', 'redirect'];
  refused('cli', HTTP);
  allowed('cli', HTTP);
  refused('slack', HTTP);
  allowed('slack', HTTP);
  refused('certificate', ['literal', 'mapped', 'name']);
  allowed('certificate', ['literal', 'mapped', 'name']);
  refused('watch', ['literal', 'mapped', 'decimal', 'name']);
  allowed('watch', ['literal', 'mapped', 'decimal', 'name']);

  it('cli: exits 2 naming the address and --allow-link-local for a refused target', () => {
    for (const kind of ['literal', 'mapped', 'decimal', 'name']) {
      expect(result.exitCodes[`cli ${kind}`]).toBe(2);
      expect(result.told[`cli ${kind}`]).toMatch(/Refusing to probe .*169\.254\.169\.254|a9fe:a9fe/);
      expect(result.told[`cli ${kind}`]).toContain('--allow-link-local');
    }
  });

  it('cli: a redirect hop to the metadata address fails the probe (exit 1) with the refusal', () => {
    expect(result.exitCodes['cli redirect']).toBe(1);
    expect(result.told['cli redirect']).toMatch(/Refusing to probe 169\.254\.169\.254/);
  });

  it.each(HTTP)('slack: the %s target is refused with the reason in Slack', (kind) => {
    expect(result.told[`slack ${kind}`]).toMatch(/Refusing to probe/);
  });

  it.each(['literal', 'mapped', 'name'])(
    'certificate: the %s target is reported unreachable with the refusal',
    (kind) => {
      expect(result.told[`certificate ${kind}`]).toMatch(/Refusing to probe/);
    },
  );
});
