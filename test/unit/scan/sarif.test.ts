import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../../src/model/scan-report.js';
import { SCAN_CHECKS } from '../../../src/scan/registry.js';
import { toSarif } from '../../../src/scan/sarif.js';
import { scanRepository } from '../../../src/scan/scan-repository.js';
import { fixture, makeRepo } from '../../helpers/scan-repo.js';

// The OASIS SARIF 2.1.0 schema as Microsoft's SARIF tooling ships it (draft-04).
const schemaPath = createRequire(import.meta.url).resolve(
  '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
);
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;

describe('toSarif', () => {
  let repo: ReturnType<typeof makeRepo>;
  let report: ScanReport;
  beforeAll(async () => {
    repo = makeRepo({ '.env': 'SECRET_KEY=changethis\n' }, { git: true, from: fixture('template-like') });
    report = await scanRepository(repo.dir);
  });
  afterAll(() => repo.cleanup());

  it('is valid against the SARIF 2.1.0 schema', () => {
    // The schema's language pattern has a stray `]`, invalid only in unicode mode.
    // Both are CommonJS: under NodeNext the class is the module's `default`.
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(schema);
    const sarif = toSarif(report, SCAN_CHECKS, '0.1.0');
    expect(validate(JSON.parse(JSON.stringify(sarif))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('has one rule per check and a located result per failing or warning evidence line', () => {
    const run = toSarif(report, SCAN_CHECKS, '0.1.0').runs[0];
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(SCAN_CHECKS.map((c) => c.id));
    const env = run?.results.filter((r) => r.ruleId === 'env-file');
    expect(env).toEqual([
      expect.objectContaining({
        level: 'error',
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: '.env', uriBaseId: '%SRCROOT%' },
              region: { startLine: 1 },
            },
          },
        ],
      }),
    ]);
    const secrets = run?.results.find((r) => r.ruleId === 'hardcoded-secrets');
    expect(secrets?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'backend/app/core/config.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 76 },
    });
    // Passing and unknown checks produce no results.
    expect(run?.results.every((r) => r.level === 'error' || r.level === 'warning')).toBe(true);
    expect(run?.results.some((r) => r.ruleId === 'alert-rules')).toBe(false);
  });
});
