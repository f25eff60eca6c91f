#!/usr/bin/env node
// `deploy-check` command. It always runs main(), however it was reached (node_modules/.bin, npm link,
// npx, Docker): the exit code is what CI relies on, so no invocation-sniffing guard may skip it.
// Runs the compiled CLI when built (Docker, packed with dist), else the TypeScript source via tsx.
import { existsSync } from 'node:fs';

const dist = new URL('../dist/src/cli.js', import.meta.url);
let cli;
if (existsSync(dist)) {
  cli = await import(dist.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(new URL('../src/cli.ts', import.meta.url).href);
}
try {
  process.exitCode = await cli.main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: !!process.stdout.isTTY,
    env: process.env,
  });
} catch (e) {
  // One line, never a stack: a crash must not pass for success nor dump request headers, nor the values
  // bound to a failed statement (drizzle lists them on the lines after "Failed query: …").
  process.stderr.write(`deploy-check: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}\n`);
  process.exitCode = 1;
}
