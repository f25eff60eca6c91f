import { appDockerfiles, noDockerfile } from '../config/dockerfiles.js';
import { type Finding, summarize } from '../config/verdicts.js';
import { stageImage } from '../readers/dockerfile.js';
import { result, type ScanVerdict, type SyncScanCheck } from '../types.js';

/** Slim, Alpine, distroless, Chainguard and minimal images; full Debian/Ubuntu python images are not. */
export function classifyImage(image: string): { verdict: ScanVerdict; kind: string } {
  const ref = image.toLowerCase().split('@')[0] ?? '';
  const colon = ref.lastIndexOf(':');
  const hasTag = colon > ref.lastIndexOf('/');
  const name = hasTag ? ref.slice(0, colon) : ref;
  const tag = hasTag ? ref.slice(colon + 1) : 'latest';
  if (ref.includes('$')) return { verdict: 'unknown', kind: 'an image named by a build argument' };
  if (name === 'scratch' || name.includes('distroless'))
    return { verdict: 'pass', kind: 'a distroless image' };
  if (name.includes('chainguard') || name.startsWith('cgr.dev/'))
    return { verdict: 'pass', kind: 'a Chainguard image' };
  const words = `${name.slice(name.lastIndexOf('/') + 1)}-${tag}`;
  if (/(^|[-._])(slim|alpine|minimal|micro)[\d.]*([-._]|$)/.test(words))
    return { verdict: 'pass', kind: 'a slim image' };
  if (/(^|\/)(python|pypy)$/.test(name) || /bookworm|bullseye|buster|trixie|jammy|noble|focal/.test(tag))
    return { verdict: 'fail', kind: 'a full image (compilers, headers and docs included)' };
  return { verdict: 'warn', kind: 'not a known slim image' };
}

export const dockerBaseImage: SyncScanCheck = {
  id: 'docker-base-image',
  title: 'The final image is built on a slim base (slim, Alpine, distroless, Chainguard)',
  run(repo) {
    const files = appDockerfiles(repo);
    if (files.length === 0) return noDockerfile();
    const findings: Finding[] = files.map(({ file, final }) => {
      const { image, from } = stageImage(file, final);
      const { verdict, kind } = classifyImage(image);
      const inherited = from.line !== final.from.line ? ` (through stage \`${final.image}\`)` : '';
      return {
        verdict,
        say: `${file.path}: the final stage runs on \`${image}\`${inherited}, ${kind}.`,
        evidence: [repo.evidence(file.path, from.line)],
      };
    });
    const { verdict, why, evidence } = summarize(findings);
    const summary =
      verdict === 'pass'
        ? 'The final image is slim'
        : verdict === 'fail'
          ? 'The final image is a full Python image'
          : verdict === 'warn'
            ? 'The final image is not a known slim image'
            : 'The base image is not known until build time';
    const fix =
      verdict === 'pass' || verdict === 'unknown'
        ? ''
        : 'Build the runtime stage FROM `python:3.12-slim` (or distroless/Chainguard) and install build tools only in a builder stage.';
    return result(verdict, summary, why, fix, evidence);
  },
};
