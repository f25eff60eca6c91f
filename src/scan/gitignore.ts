import ignore, { type Ignore } from 'ignore';

/**
 * Git's ignore semantics over every .gitignore from the root down: each file's patterns apply to paths
 * relative to its folder, a deeper file overrides a shallower one (a `!negation` there re-includes), and a
 * path is ignored when one of its parent folders is.
 */
export interface GitignoreMatcher {
  isIgnored(path: string): boolean;
  /** The .gitignore file and 1-based line of the last rule that decided `path` ignored, when one did. */
  rule(path: string): { file: string; line: number } | undefined;
}

interface Level {
  dir: string;
  file: string;
  ig: Ignore;
  lines: string[];
}

export function createGitignoreMatcher(files: readonly { path: string; text: string }[]): GitignoreMatcher {
  const levels: Level[] = files.map(({ path, text }) => {
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    return { dir, file: path, ig: ignore().add(text), lines: text.split(/\r?\n/) };
  });
  const applicable = (path: string) =>
    levels
      .filter((l) => l.dir === '' || path.startsWith(`${l.dir}/`))
      .map((l) => ({ l, rel: l.dir ? path.slice(l.dir.length + 1) : path }));

  type Decision = { level: Level; pattern: string } | undefined;
  const decide = (path: string): Decision => {
    // A parent folder that is ignored hides everything under it (git never looks inside).
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const by = decideOne(parts.slice(0, i).join('/'), true);
      if (by) return by;
    }
    return decideOne(path, false);
  };
  const decideOne = (path: string, dir: boolean): Decision => {
    let by: Decision;
    for (const { l, rel } of applicable(path)) {
      const r = l.ig.test(dir ? `${rel}/` : rel);
      if (r.ignored) by = { level: l, pattern: r.rule?.pattern ?? '' };
      else if (r.unignored) by = undefined;
    }
    return by;
  };

  return {
    isIgnored: (path) => decide(path) !== undefined,
    rule(path) {
      const by = decide(path);
      if (!by) return undefined;
      const { level, pattern } = by;
      let line = 0;
      level.lines.forEach((l, i) => {
        if (l.trim() === pattern.trim()) line = i + 1;
      });
      return { file: level.file, line: line || 1 };
    },
  };
}
