import { describe, expect, it } from 'vitest';
import {
  runbookCommonErrorsCheck,
  runbookDatabaseCheck,
  runbookRollbackCheck,
  runbookScalingCheck,
} from '../../../../src/scan/checks/runbook.js';
import { fixture, tmpRepoViews } from '../../../helpers/scan-repo.js';

const view = tmpRepoViews();

describe('scan:runbook-*', () => {
  it('passes each section the runbook has, with the heading line, and fails the empty scaling section', async () => {
    const repo = await view({}, { from: fixture('ops-ready') });
    expect(await runbookCommonErrorsCheck.run(repo)).toMatchObject({
      verdict: 'pass',
      evidence: [{ path: 'docs/RUNBOOK.md', line: 5, text: '## Common errors' }],
    });
    expect(await runbookDatabaseCheck.run(repo)).toMatchObject({
      verdict: 'pass',
      evidence: [{ path: 'docs/RUNBOOK.md', line: 11, text: '## Database troubleshooting' }],
    });
    expect(await runbookRollbackCheck.run(repo)).toMatchObject({
      verdict: 'pass',
      evidence: [{ path: 'docs/RUNBOOK.md', line: 16, text: '## Rollback' }],
    });
    expect(await runbookScalingCheck.run(repo)).toMatchObject({
      verdict: 'fail',
      why: '"Scaling" in docs/RUNBOOK.md has no content under it.',
      evidence: [{ path: 'docs/RUNBOOK.md', line: 20, text: '## Scaling' }],
    });
  });

  it('fails a section the runbook does not have, pointing at the runbook', async () => {
    const repo = await view({ 'RUNBOOK.md': '# Runbook\n\n## Rollback\n\nRun `make rollback`.\n' });
    expect(await runbookDatabaseCheck.run(repo)).toMatchObject({
      verdict: 'fail',
      why: 'RUNBOOK.md has no heading about database troubleshooting.',
      evidence: [{ path: 'RUNBOOK.md', line: 1, text: '# Runbook' }],
    });
    expect((await runbookRollbackCheck.run(repo)).verdict).toBe('pass');
  });

  it('says unknown when no document reads as a runbook', async () => {
    const repo = await view({}, { from: fixture('template-like') });
    for (const c of [
      runbookCommonErrorsCheck,
      runbookDatabaseCheck,
      runbookScalingCheck,
      runbookRollbackCheck,
    ])
      expect(await c.run(repo)).toMatchObject({ verdict: 'unknown', evidence: [] });
  });
});
