import { type Dockerfile, type DockerStage, dockerfileReader } from '../readers/dockerfile.js';
import { type RepoView, result } from '../types.js';
import { isDevelopmentFile, isDockerfile } from './file-kinds.js';

export interface AppDockerfile {
  file: Dockerfile;
  /** The stage `docker build` produces without `--target`: the last one. */
  final: DockerStage;
}

const PYTHON_WORDS = /\b(python\d?(\.\d+)?|pip\d?|uv|poetry|pipenv|uvicorn|gunicorn|hypercorn|fastapi)\b/i;

/**
 * The production Dockerfiles that build the Python app: development ones (`Dockerfile.dev`) are left out,
 * and when some Dockerfiles mention Python (image, pip, uvicorn, …) the others (a frontend's node image)
 * are left out too.
 */
export function appDockerfiles(repo: RepoView): AppDockerfile[] {
  const all: AppDockerfile[] = [];
  for (const { path } of repo.files) {
    if (!isDockerfile(path) || isDevelopmentFile(path)) continue;
    const file = repo.parse(path, dockerfileReader);
    const final = file?.stages.at(-1);
    if (file && final) all.push({ file, final });
  }
  const python = all.filter(({ file }) =>
    file.stages.some(
      (s) =>
        PYTHON_WORDS.test(s.image) ||
        [...s.runs, ...[s.cmd, s.entrypoint].filter((c) => c !== undefined)].some((r) =>
          PYTHON_WORDS.test(r.text),
        ),
    ),
  );
  return python.length > 0 ? python : all;
}

/** What every Dockerfile check says when there is none for the app. */
export const noDockerfile = () =>
  result(
    'unknown',
    'No Dockerfile for the app',
    'No production Dockerfile was found. If the app does not ship as a container, mark the item N/A.',
    '',
  );
