import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { badService, goodService, listen } from './probe-targets.js';
import { makeTlsFixtures } from './tls-fixtures.js';

/**
 * A well-configured and a misconfigured FastAPI-like service over HTTPS, both with certificates from a test CA
 * written to `caFile` (for a service's `probes.caFile`). `name` keeps parallel test files' CA files apart.
 */
export async function startTlsTargets(name: string) {
  const tls = makeTlsFixtures();
  const good = await listen(goodService, tls.valid);
  const bad = await listen(badService, tls.valid);
  const caFile = join(process.cwd(), 'node_modules', `.tmp-test-ca-${name}.pem`);
  writeFileSync(caFile, tls.ca);
  return {
    good,
    bad,
    caFile,
    async close() {
      await good.close();
      await bad.close();
      tls.cleanup();
    },
  };
}
export type TlsTargets = Awaited<ReturnType<typeof startTlsTargets>>;
