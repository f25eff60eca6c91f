import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadSandboxSettings } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/sandbox-server.js';

// Debian's chromium, installed by .ci/run (sandbox-browser.test.ts says when it is missing).
const CHROMIUM = '/usr/bin/chromium';
// Beside the sandbox browser test's screenshots, which .ci/run points at.
const SCREENSHOTS = resolve('test-artifacts/sandbox');

describe.skipIf(!existsSync(CHROMIUM))('"Scan demo repo" on the sandbox page in a real browser', () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-check-sandbox-'));
    sandbox = await startSandbox(
      loadSandboxSettings({ PORT: '0', SANDBOX_DATA_DIR: dir, LOG_LEVEL: 'silent' }),
      createLogger({ level: 'silent' }),
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a newcomer opens a release, clicks the button, and the scan results arrive in its thread', async () => {
    await page.goto(sandbox.url);
    await page.fill('#composer textarea', '/deploy-check payments-api 1.2.3');
    await page.press('#composer textarea', 'Enter');
    await page
      .locator('#messages .message:not(.ephemeral)', { hasText: 'Release payments-api 1.2.3' })
      .waitFor();
    await page.getByRole('button', { name: 'Scan demo repo' }).click();
    // The thread opens by itself and the message arrives through the outbox.
    await page.locator('#thread .bk-header', { hasText: /^Repository scan #1/ }).waitFor();
    await page.getByRole('button', { name: 'Scan demo repo' }).and(page.locator(':enabled')).waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, '10-repository-scan.png') });
  });
});
