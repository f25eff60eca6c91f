import { describe, expect, it } from 'vitest';
import { findSecrets, findSecretsInFiles } from '../../../src/scan/secrets.js';

const TOKEN = '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';
const DSN = 'postgres://orders:Sup3rS3cret@db.internal:5432/orders';

describe('findSecretsInFiles', () => {
  it('maps each finding of a batch back to its own file and line, as one file at a time would', async () => {
    const files = [
      { path: 'a.py', text: 'x = 1\ny = 2' }, // no trailing newline: the next file still starts on its own line
      { path: 'b.yaml', text: `one: 1\ntoken: ${TOKEN}\n` },
      { path: 'c.txt', text: '' },
      { path: 'd.py', text: `\n\n\nDB = "${DSN}"\n` },
      { path: 'package.json', text: '{ "name": "x" }\n' },
    ];
    const batch = await findSecretsInFiles(files);
    expect(
      [...batch].map(([p, list]) => [
        p,
        list.map((f) => [f.line, f.rule.replace('@secretlint/secretlint-rule-', '')]),
      ]),
    ).toEqual([
      ['a.py', []],
      ['b.yaml', [[2, 'github']]],
      ['c.txt', []],
      ['d.py', [[4, 'database-connection-string']]],
      ['package.json', []],
    ]);
    for (const f of files) {
      const alone = await findSecrets(f.text, f.path);
      expect(batch.get(f.path)?.map(({ line, from, to, rule }) => ({ line, from, to, rule }))).toEqual(
        alone.map(({ line, from, to, rule }) => ({ line, from, to, rule })),
      );
    }
  });

  it('never puts the secret itself in a message', async () => {
    const [found] = (await findSecretsInFiles([{ path: 'x.env', text: `GH=${TOKEN}\n` }])).get('x.env') ?? [];
    expect(found?.message).not.toContain(TOKEN);
  });
});
