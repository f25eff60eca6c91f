/** What a file is by its name alone; content decides nothing here. */
export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

export const dirName = (path: string): string =>
  path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';

export const isDockerfile = (path: string): boolean =>
  /^(dockerfile|containerfile)([.-].+)?$|\.(dockerfile|containerfile)$/i.test(baseName(path));

export const isComposeFile = (path: string): boolean =>
  /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i.test(baseName(path));

export const isYaml = (path: string): boolean => /\.ya?ml$/i.test(path);

/**
 * Development or test files by name: `docker-compose.override.yml` (merged by `docker compose up` on a
 * developer's machine), `Dockerfile.dev`, `compose.local.yaml`, `.devcontainer/`. Their settings say
 * nothing about production.
 */
export const isDevelopmentFile = (path: string): boolean =>
  /(^|[./_-])(override|dev|develop|development|local|test|tests|testing|debug|ci)([./_-]|$)/i.test(
    baseName(path),
  ) || /(^|\/)(\.devcontainer|tests?|examples?|docs?|overlays\/(dev\w*|local|test\w*))\//i.test(path);
