import { describe, expect, it } from 'vitest';
import defaultChecklist from '../../../../src/checklist/default-checklist.json' with { type: 'json' };
import { PYTHON_CHECKS } from '../../../../src/scan/checks/python-checks.js';
import { createMemoryRepo, fixture } from '../../../helpers/scan-memory-repo.js';

const verifiers: string[] = JSON.stringify(defaultChecklist).match(/scan:[a-z0-9-]+/g) ?? [];

describe('PYTHON_CHECKS', () => {
  it('has unique ids, each named by at least one item of the default checklist', () => {
    const ids = PYTHON_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !verifiers.includes(`scan:${id}`))).toEqual([]);
  });

  it('gives every verdict with evidence that exists in the scanned files, never throwing', () => {
    for (const name of ['template-like', 'well-configured', 'broken'] as const) {
      const repo = fixture(name);
      for (const check of PYTHON_CHECKS) {
        const r = check.run(repo);
        for (const e of r.evidence) {
          expect(repo.read(e.path), `${check.id} on ${name}: ${e.path}`).toBeDefined();
          expect(e.line, `${check.id} on ${name}`).toBeGreaterThan(0);
          expect(e.text.length, `${check.id} on ${name}: ${e.path}:${e.line} is blank`).toBeGreaterThan(0);
        }
        if (r.verdict === 'fail' || r.verdict === 'warn')
          expect(r.fix, `${check.id} on ${name}`).not.toBe('');
      }
    }
  });

  it('says unknown for every check on a repository without Python', () => {
    const repo = createMemoryRepo({ 'README.md': '# nothing here\n' });
    expect(PYTHON_CHECKS.filter((c) => c.run(repo).verdict !== 'unknown').map((c) => c.id)).toEqual([]);
  });
});
