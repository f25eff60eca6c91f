// The whole probe suite's wall time against the sum of its probes' times and the slowest single probe,
// measured in the same run against a local well-configured service.
import { probeSettingsSchema } from '../src/config.js';
import { runProbes } from '../src/probes/runner.js';
import { goodService, listen } from '../test/helpers/probe-targets.js';
import { type BenchReport, row } from './report.js';

export default async function (): Promise<BenchReport> {
  const target = await listen(goodService);
  const settings = probeSettingsSchema.parse({
    samplePath: '/items',
    errorPath: '/boom',
    staticPath: '/static/app.js',
    latencyRequests: 20,
  });
  const runs = 10;
  let wall = 0;
  let sum = 0;
  let slowest = 0;
  await runProbes({ url: target.url, settings }); // warm-up
  for (let i = 0; i < runs; i++) {
    const r = await runProbes({ url: target.url, settings });
    wall += r.durationMs;
    sum += r.results.reduce((a, x) => a + x.durationMs, 0);
    slowest += Math.max(...r.results.map((x) => x.durationMs));
  }
  await target.close();
  return {
    name: 'probe suite',
    rows: [
      row(
        'suite wall time vs sum of probe times',
        wall / runs,
        sum / runs,
        'ms',
        '< 1× means probes run concurrently',
      ),
      row('suite wall time vs slowest probe', wall / runs, slowest / runs, 'ms', '≈ 1× is the best possible'),
    ],
  };
}
