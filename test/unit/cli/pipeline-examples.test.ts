import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEPLOYED_USAGE } from '../../../src/cli/deployed-command.js';
import { GATE_USAGE } from '../../../src/cli/gate-command.js';
import { WATCH_USAGE } from '../../../src/cli/watch-command.js';

const USAGE: Record<string, string> = { gate: GATE_USAGE, deployed: DEPLOYED_USAGE, watch: WATCH_USAGE };
const EXAMPLES = ['examples/github-actions-deploy.yml', 'examples/gitlab-ci-deploy.yml'];

describe('the pipeline examples', () => {
  it('call only commands and flags the CLI has', () => {
    for (const file of EXAMPLES) {
      const calls = [...readFileSync(file, 'utf8').matchAll(/\$DEPLOY_CHECK (\w+)([^\n|]*)/g)];
      expect(calls.length, file).toBeGreaterThanOrEqual(3);
      for (const [, cmd, rest] of calls) {
        expect(USAGE[cmd!], `${file}: ${cmd}`).toBeDefined();
        for (const flag of rest!.match(/--[a-z-]+/g) ?? [])
          expect(USAGE[cmd!], `${file}: ${cmd} ${flag}`).toContain(flag);
      }
    }
  });

  it('shows the GitHub workflow in the README as it is in examples/', () => {
    const workflow = readFileSync(EXAMPLES[0]!, 'utf8');
    expect(readFileSync('README.md', 'utf8')).toContain(workflow.slice(workflow.indexOf('name:')).trim());
  });
});
