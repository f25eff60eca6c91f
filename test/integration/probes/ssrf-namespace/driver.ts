/**
 * Runs INSIDE a fresh network namespace (see ssrf-namespace.test.ts): 169.254.169.254/32 sits on that
 * namespace's `lo`, so a guard that fails shows up as connections at the recorder below, and no packet
 * can leave. Drives every probe entry point at the metadata stand-in, with and without the allowance,
 * and prints one JSON line: { [scenario]: connections that reached the stand-in }.
 */
import { spawn } from 'node:child_process';
import { createServer as createHttp } from 'node:http';
import { createServer as createTcp, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { checkCertificates, createCertificateCheck } from '../../../../src/jobs/certificate-job.js';
import { createLogger } from '../../../../src/logger.js';
import { createTestDatabase } from '../../../helpers/db.js';
import { startHarness } from '../../../helpers/slack-harness.js';
import { jobDeps } from '../../../unit/jobs/support.js';
import { configWith, createHarness, seedRelease } from '../../monitor/watch-fixture.js';

const METADATA = '169.254.169.254';
// Refuse to run anywhere but the namespace the test built: only `lo`, carrying the stand-in address.
const ifaces = networkInterfaces();
if (Object.keys(ifaces).join() !== 'lo' || !ifaces.lo?.some((i) => i.address === METADATA)) {
  console.error(
    'not inside the SSRF test namespace (expected only lo with 169.254.169.254); refusing to run',
  );
  process.exit(3);
}

let connections = 0;
const listenOn = (server: Server, host: string, port: number) =>
  new Promise<number>((r) => server.listen(port, host, () => r((server.address() as { port: number }).port)));
const recorder = createHttp((_req, res) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
);
recorder.on('connection', () => connections++);
// TLS stand-in: a connection is all the certificate check gets to make; counting it is enough.
const tlsRecorder = createTcp((s) => {
  connections++;
  s.destroy();
});
await listenOn(recorder, METADATA, 80);
await listenOn(tlsRecorder, METADATA, 443);
// A normal target on loopback that redirects to the metadata address.
const redirector = createHttp((_req, res) =>
  res.writeHead(302, { location: `http://${METADATA}/latest/meta-data/iam/` }).end(),
);
const redirectPort = await listenOn(redirector, '127.0.0.1', 0);

const HTTP_TARGETS: Record<string, string> = {
  literal: `http://${METADATA}/`,
  mapped: 'http://[::ffff:169.254.169.254]/',
  decimal: 'http://2852039166/',
  name: 'http://metadata-alias.test/', // in this namespace's /etc/hosts
  redirect: `http://127.0.0.1:${redirectPort}/`,
};
const TLS_TARGETS: Record<string, string> = {
  literal: `https://${METADATA}/`,
  mapped: 'https://[::ffff:169.254.169.254]/',
  name: 'https://metadata-alias.test/',
};

const counts: Record<string, number> = {};
/** What the entry point told its user about each scenario (a refusal must be explained, not silent). */
const told: Record<string, string> = {};
const settle = () => new Promise((r) => setTimeout(r, 100));
async function scenario(name: string, run: () => Promise<string | undefined>) {
  connections = 0;
  const t = performance.now();
  try {
    const said = await run();
    if (said !== undefined) told[name] = said;
  } catch (e) {
    console.error(`${name}: ${(e as Error).message}`);
  }
  await settle();
  counts[name] = connections;
  console.error(`${name}: ${connections} in ${Math.round(performance.now() - t)} ms`);
}

const cli = (args: string[]) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/deploy-check.js', 'probe', ...args]);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
const exitCodes: Record<string, number> = {};
for (const [kind, url] of Object.entries(HTTP_TARGETS))
  for (const allow of [false, true]) {
    const name = `cli ${kind}${allow ? ' allowed' : ''}`;
    await scenario(name, async () => {
      const r = await cli([
        url,
        '--only',
        'health',
        '--timeout-ms',
        '2000',
        ...(allow ? ['--allow-link-local'] : []),
      ]);
      exitCodes[name] = r.code;
      return r.output;
    });
  }

const yaml = (allow: boolean) =>
  `probes: { allowLinkLocal: ${allow} }\nservices:\n${Object.entries(HTTP_TARGETS)
    .map(
      ([k, u]) =>
        `  - name: svc-${k}\n    baseUrl: "${u}"\n    probes: { timeoutMs: 2000, deadlineMs: 8000 }\n`,
    )
    .join('')}`;
for (const allow of [false, true]) {
  const h = await startHarness({ configYaml: yaml(allow) });
  try {
    for (const kind of Object.keys(HTTP_TARGETS)) {
      const channel = `C${kind.toUpperCase()}`;
      const before = h.fake.responses.length;
      await scenario(`slack ${kind}${allow ? ' allowed' : ''}`, async () => {
        await h.command(`probe svc-${kind}`, { channel });
        for (let i = 0; i < 200; i++) {
          const said = JSON.stringify([h.fake.channelMessages(channel), h.fake.responses.slice(before)]);
          if (/Probe run #|Refusing to probe/.test(said)) return said;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('no probe result or refusal posted');
      });
    }
  } finally {
    await h.close();
  }
}

const logger = createLogger({ level: 'silent' });
for (const [kind, url] of Object.entries(TLS_TARGETS))
  for (const allow of [false, true]) {
    const database = await createTestDatabase();
    const config = configWith([{ name: 'api', baseUrl: url }]);
    config.file.probes.allowLinkLocal = allow;
    const t = jobDeps(database, '');
    await scenario(`certificate ${kind}${allow ? ' allowed' : ''}`, async () => {
      await checkCertificates({
        ...t.deps,
        config,
        logger,
        checkCertificate: createCertificateCheck(config.file.probes),
      });
      await t.settle();
      return JSON.stringify(t.poster.posts);
    });
    await t.stop();
    await database.cleanup();
  }

// Not the redirect: the health poll does not follow redirects (200–399 is healthy), by design.
for (const [kind, url] of Object.entries(HTTP_TARGETS).filter(([k]) => k !== 'redirect'))
  for (const allow of [false, true]) {
    const database = await createTestDatabase();
    const config = configWith([{ name: 'api', baseUrl: url.replace(/\/$/, '') }]);
    config.file.probes.allowLinkLocal = allow;
    const h = createHarness(database.db, config);
    await scenario(`watch ${kind}${allow ? ' allowed' : ''}`, async () => {
      // Starting the watch takes its first sample at once: the first /health poll.
      await h.service.start(await seedRelease(database.db, h.clock.now()), 'UOWNER01');
      await h.step(1);
      return undefined;
    });
    await h.stop();
    await database.cleanup();
  }

process.stdout.write(`${JSON.stringify({ counts, exitCodes, told })}\n`);
for (const s of [recorder, tlsRecorder, redirector]) s.close();
process.exit(0);
