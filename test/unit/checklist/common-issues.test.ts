import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildChecklist, defaultChecklist } from '../../../src/checklist/checklist.js';
import { issuesMatching } from '../../../src/checklist/common-issues.js';

const mini = () => parse(readFileSync('test/fixtures/mini-checklist.yml', 'utf8')) as Record<string, unknown>;
const row = { id: 'issue.x', issue: 'X', symptom: 'S', solution: 'F' };

describe('common production issues in the checklist', () => {
  it("carries the seed's five rows with symptom and solution", () => {
    expect(defaultChecklist().commonIssues.map((i) => i.issue)).toEqual([
      'Connection pool exhausted',
      'Memory leak',
      'Slow queries',
      'Token expiry errors',
      'CORS errors',
    ]);
    expect(defaultChecklist().commonIssues[0]).toMatchObject({
      symptom: '"QueuePool limit exceeded"',
      solution: 'Increase `pool_size`, check for leaked connections',
    });
  });

  it('gives a team file without commonIssues the built-in rows, and none for an empty list', () => {
    expect(buildChecklist(mini()).commonIssues).toHaveLength(5);
    expect(buildChecklist({ ...mini(), commonIssues: [] }).commonIssues).toEqual([]);
  });

  it("uses a team's own rows, signals defaulting to none", () => {
    const c = buildChecklist({ ...mini(), commonIssues: [row] });
    expect(c.commonIssues).toEqual([{ ...row, signals: [] }]);
  });

  it('names the field of an unknown signal and refuses a duplicate id', () => {
    expect(() =>
      buildChecklist({ ...mini(), commonIssues: [{ ...row, signals: ['disk-full'] }] }, 'team.yml'),
    ).toThrow(/team\.yml: commonIssues\.0\.signals\.0 must be error-spike, unauthorized-spike or probe:<id>/);
    expect(() => buildChecklist({ ...mini(), commonIssues: [row, row] })).toThrow(/duplicate id "issue.x"/);
  });

  it('does not change the checklist hash stored with releases when only the issues change', () => {
    expect(buildChecklist({ ...mini(), commonIssues: [row] }).hash).toBe(buildChecklist(mini()).hash);
  });

  it('picks the rows whose signals match what was seen', () => {
    const issues = defaultChecklist().commonIssues;
    expect(issuesMatching(issues, ['error-spike']).map((i) => i.id)).toEqual([
      'issue.connection-pool-exhausted',
      'issue.slow-queries',
    ]);
    expect(issuesMatching(issues, ['probe:cors']).map((i) => i.issue)).toEqual(['CORS errors']);
    expect(issuesMatching(issues, ['unauthorized-spike']).map((i) => i.issue)).toEqual([
      'Token expiry errors',
    ]);
    expect(issuesMatching(issues, [])).toEqual([]);
  });
});
