import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig } from '@secretlint/types';
import type { SecretFinding } from './types.js';

// secretlint's process-wide profiler keeps every performance mark it makes and measures each by name, a
// linear search: over 2,000 files that is quadratic (minutes on the second scan of a process) and the
// marks are never freed. Nothing reads those measures here, so marking is switched off.
secretLintProfiler.mark = () => {};

const config: SecretLintCoreConfig = {
  rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }],
};

/** Rules that look at the file name (npm tokens in package.json/.npmrc) get the file on its own. */
const NAMED = /(^|\/)(package\.json|package-lock\.json|\.npmrc)$/;
/** One lintSource call costs ~0.1 ms of rule setup; a few MB of text per call keeps memory flat. */
const BATCH_CHARS = 4 * 1024 * 1024;

async function lint(text: string, path: string) {
  const res = await lintSource({
    // The name is for messages only: no rule of the preset may open a file by it (the .p12 rule would).
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

/** secretlint's recommended preset over one file's text (pure: no disk, no config lookup). */
export const findSecrets = (text: string, path: string): Promise<SecretFinding[]> =>
  lint(text, NAMED.test(path) ? path : `${path}.txt`);

/**
 * secretlint over many files in a few calls: their texts joined line by line, each finding mapped back to
 * its file and line. A match cannot run across two files (it would end on the next file's line: its `to`
 * is then the end of the line).
 */
export async function findSecretsInFiles(files: readonly { path: string; text: string }[]) {
  const out = new Map<string, SecretFinding[]>(files.map((f) => [f.path, []]));
  const named = files.filter((f) => NAMED.test(f.path));
  for (const f of named) out.set(f.path, await findSecrets(f.text, f.path));
  let batch: { path: string; text: string; firstLine: number }[] = [];
  let size = 0;
  let line = 1;
  const flush = async () => {
    if (batch.length === 0) return;
    const joined = batch.map((b) => b.text).join('');
    const starts = batch.map((b) => b.firstLine);
    for (const f of await lint(joined, 'batch.txt')) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] ?? 0) <= f.line) lo = mid;
        else hi = mid - 1;
      }
      const b = batch[lo];
      if (b) out.get(b.path)?.push({ ...f, line: f.line - b.firstLine + 1 });
    }
    batch = [];
    size = 0;
    line = 1;
  };
  for (const f of files) {
    if (NAMED.test(f.path)) continue;
    const text = f.text.endsWith('\n') ? f.text : `${f.text}\n`;
    batch.push({ path: f.path, text, firstLine: line });
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    size += text.length;
    if (size >= BATCH_CHARS) await flush();
  }
  await flush();
  return out;
}
