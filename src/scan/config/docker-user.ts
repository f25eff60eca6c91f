import type { Dockerfile, DockerLine, DockerStage } from '../readers/dockerfile.js';

/** `root`, `0`, `root:…`, `0:…` (hadolint DL3002). */
export const isRootUser = (user: string): boolean => /^(root|0)(:.*)?$/.test(user.trim());

/**
 * The user the stage's container runs as: its last USER, else the user of the stage it is built FROM
 * (hadolint DL3002's transitive rule), else root (`undefined` USER line: none was written).
 */
export function effectiveUser(
  file: Dockerfile,
  stage: DockerStage,
): { user: string; at: DockerLine | undefined } {
  let s: DockerStage | undefined = stage;
  for (let hops = 0; s && hops <= file.stages.length; hops++) {
    const last = s.users.at(-1);
    if (last) return { user: last.user, at: last };
    s = s.baseStage !== undefined ? file.stages[s.baseStage] : undefined;
  }
  return { user: 'root', at: undefined };
}
