import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadSandboxSettings } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox-server.js';

/**
 * `npm run sandbox` for the tests of one describe block: started before them on a free port with a fresh
 * data folder, closed and removed after. Read `.sandbox` inside the tests (it is set by then).
 */
export function useSandbox(): { readonly sandbox: Sandbox } {
  const ctx = {} as { sandbox: Sandbox };
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-check-sandbox-'));
    ctx.sandbox = await startSandbox(
      loadSandboxSettings({ PORT: '0', SANDBOX_DATA_DIR: dir, LOG_LEVEL: 'silent' }),
      createLogger({ level: 'silent' }),
    );
  });
  afterAll(async () => {
    await ctx.sandbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return ctx;
}
