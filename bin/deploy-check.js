#!/usr/bin/env node
// `deploy-check` command: runs the compiled CLI when built (Docker, npm pack), else the TypeScript source via tsx.
import { existsSync } from 'node:fs';

const dist = new URL('../dist/src/cli.js', import.meta.url);
if (existsSync(dist)) {
  await import(dist.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli.ts', import.meta.url).href);
}
