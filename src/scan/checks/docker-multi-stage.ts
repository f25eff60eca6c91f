import { appDockerfiles, noDockerfile } from '../config/dockerfiles.js';
import { type Finding, findingsResult } from '../config/verdicts.js';
import { type Dockerfile, type DockerStage, stageImage } from '../readers/dockerfile.js';
import type { RepoView, SyncScanCheck } from '../types.js';
import { classifyImage } from './docker-base-image.js';

/** Installing Python packages (pip install, uv sync, poetry install) in a stage. */
const INSTALLS = /\b(pip3?|uv|poetry|pipenv)\b(\s+pip)?\s+(install|sync)\b/;
const BUILD_TOOLS = /\b(build-essential|gcc|g\+\+|clang|make|libpq-dev|python3?-dev|musl-dev|cargo|rustc)\b/;

function judge(repo: RepoView, file: Dockerfile, final: DockerStage): Finding {
  const at = (line: number) => repo.evidence(file.path, line);
  if (file.stages.length < 2) {
    const tools = final.runs.find((r) => BUILD_TOOLS.test(r.text));
    const slim = classifyImage(final.image).verdict === 'pass';
    if (slim && !tools)
      return {
        verdict: 'warn',
        say: `${file.path} has one stage on a slim base and installs no compilers, so a second stage would mostly drop pip's build leftovers.`,
        evidence: [at(final.from.line)],
      };
    return {
      verdict: 'fail',
      say: `${file.path} has one stage: ${tools ? 'the compilers it installs' : 'the full base image and everything the build needed'} ship in the runtime image.`,
      evidence: [at(final.from.line), ...(tools ? [at(tools.line)] : [])],
    };
  }
  const names = new Set(file.stages.slice(0, -1).flatMap((s) => [s.name, String(s.index)]));
  const copies = final.copiesFrom.filter((c) => names.has(c.from));
  const installs = final.runs.find((r) => INSTALLS.test(r.text));
  if (copies.length > 0 && installs)
    return {
      verdict: 'warn',
      say: `${file.path} copies \`--from=${copies[0]?.from}\`, but its runtime stage still installs the Python dependencies itself (\`${installs.text.slice(0, 80)}\`), so what that install needs ships in the image.`,
      evidence: [at(final.from.line), at(installs.line)],
    };
  if (copies.length > 0)
    return {
      verdict: 'pass',
      say: `${file.path} builds in ${file.stages.length - 1} earlier stage(s) and the runtime stage copies only the results (\`--from=${copies[0]?.from}\`).`,
      evidence: [at(final.from.line), ...copies.slice(0, 3).map((c) => at(c.line))],
    };
  const inherited = final.baseStage !== undefined ? stageImage(file, final) : undefined;
  return {
    verdict: 'warn',
    say: inherited
      ? `${file.path} has ${file.stages.length} stages, but the final one is built FROM an earlier stage, so everything that stage installed ships too.`
      : `${file.path} has ${file.stages.length} stages, but the final one copies nothing \`--from\` them.`,
    evidence: [at(final.from.line)],
  };
}

export const dockerMultiStage: SyncScanCheck = {
  id: 'docker-multi-stage',
  title: 'The Dockerfile builds in one stage and copies only the results into the runtime stage',
  run(repo) {
    const files = appDockerfiles(repo);
    if (files.length === 0) return noDockerfile();
    return findingsResult(
      files.map(({ file, final }) => judge(repo, file, final)),
      {
        pass: 'Multi-stage build',
        warn: 'Build stages do not keep build tools out of the image',
        fail: 'Single-stage build',
        unknown: '',
      },
      'Install dependencies in a builder stage (`FROM python:3.12-slim AS build`, `pip wheel`/`uv sync` into a venv) and `COPY --from=build` only the venv and the app into a fresh slim runtime stage.',
    );
  },
};
