// The whole probe suite's wall time against the sum of its probes' times and the slowest single probe,
// measured in the same run against a local well-configured HTTPS service (test CA, plain-HTTP redirect).
import { probeSettingsSchema } from '../src/config.js';
import { runProbes } from '../src/probes/runner.js';
import { goodService, listen, redirectTo } from '../test/helpers/probe-targets.js';
import { makeTlsFixtures } from '../test/helpers/tls-fixtures.js';
import { type BenchReport, row } from './report.js';

export default async function (): Promise<BenchReport> {
  const tls = makeTlsFixtures();
  const target = await listen(goodService, tls.valid);
  const plain = await listen(redirectTo((req) => `https://127.0.0.1:${target.port}${req.url}`));
  const settings = probeSettingsSchema.parse({
    samplePath: '/items',
    errorPath: '/boom',
    staticPath: '/static/app.js',
    httpUrl: plain.url,
    latencyRequests: 20,
  });
  const runs = 10;
  let wall = 0;
  let sum = 0;
  let slowest = 0;
  let notPassing = 0;
  try {
    await runProbes({ url: target.url, settings }, { ca: tls.ca }); // warm-up
    for (let i = 0; i < runs; i++) {
      const r = await runProbes({ url: target.url, settings }, { ca: tls.ca });
      wall += r.durationMs;
      sum += r.results.reduce((a, x) => a + x.durationMs, 0);
      slowest += Math.max(...r.results.map((x) => x.durationMs));
      notPassing += r.results.length - r.summary.pass;
    }
  } finally {
    await target.close();
    await plain.close();
    tls.cleanup();
  }
  const note = notPassing ? ` (${notPassing} non-pass results: check the target)` : '';
  return {
    name: 'probe suite (14 probes)',
    rows: [
      row(
        'suite wall time vs sum of probe times',
        wall / runs,
        sum / runs,
        'ms',
        `< 1× means probes run concurrently${note}`,
      ),
      row('suite wall time vs slowest probe', wall / runs, slowest / runs, 'ms', '≈ 1× is the best possible'),
    ],
  };
}
