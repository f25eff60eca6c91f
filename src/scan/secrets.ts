import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig } from '@secretlint/types';
import type { SecretFinding } from './types.js';

const config: SecretLintCoreConfig = {
  rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }],
};

/** secretlint's recommended preset over one file's text (pure: no disk, no config lookup). */
export async function findSecrets(text: string, path: string): Promise<SecretFinding[]> {
  const res = await lintSource({
    source: { content: text, filePath: path, contentType: 'text' },
    options: { config, maskSecrets: true, noPhysicFilePath: true },
  });
  return res.messages.map((m) => ({
    line: m.loc.start.line,
    from: m.loc.start.column,
    to: m.loc.start.line === m.loc.end.line ? m.loc.end.column : Number.MAX_SAFE_INTEGER,
    rule: m.ruleId,
    message: m.message,
  }));
}
