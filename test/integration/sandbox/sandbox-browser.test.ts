import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { loadSandboxSettings } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/sandbox-server.js';

// Debian's chromium, installed by .ci/run; playwright-core never downloads a browser of its own.
const CHROMIUM = '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser)
  console.warn(
    `SKIPPED the sandbox browser test: ${CHROMIUM} is missing (.ci/run installs Debian's chromium with apt-get; it could not here).`,
  );
export const SCREENSHOTS = resolve('test-artifacts/sandbox');

describe.skipIf(!hasBrowser)('npm run sandbox in a real browser', () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-check-sandbox-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    sandbox = await startSandbox(
      loadSandboxSettings({ PORT: '0', SANDBOX_DATA_DIR: dir, LOG_LEVEL: 'silent' }),
      createLogger({ level: 'silent' }),
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    // Generous: the bot paces chat.update at Slack's ~50/min, and CI machines are shared.
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const thread = () => page.locator('#thread');
  const as = async (name: RegExp) => {
    const option = page.locator('#person option', { hasText: name });
    await page.selectOption('#person', (await option.getAttribute('value')) ?? '');
    await page.locator('body').waitFor();
  };
  const item = (id: string) => thread().locator(`.bk-option[data-value="${id}"]`);
  const tick = async (id: string, who: RegExp) => {
    await item(id).locator('input').click();
    await item(id).locator('.bk-option-desc', { hasText: who }).waitFor();
  };
  const section = (title: string) =>
    thread().locator('.message', { has: page.locator('.bk-header', { hasText: title }) });
  const click = (where: Locator, name: string | RegExp) =>
    where.getByRole('button', { name }).first().click();
  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  const shotOnFailure = (name: string) => onTestFailed(() => shot(`failed-${name}`).then(() => undefined));

  it('walks a release from /deploy-check to the rollback reminder as the right and the wrong people', async () => {
    shotOnFailure('release');
    await page.goto(sandbox.url);
    await as(/Olivia/);
    await page.fill('#composer textarea', '/deploy-check payments-api 1.2.3');
    await page.press('#composer textarea', 'Enter');
    await page.getByRole('button', { name: /\d+ replies/ }).click();
    await section('Security').waitFor();

    // Two people tick items; each sees who ticked what, and when.
    await tick('security.config.secret-key', /^✓ olivia · \d+ \w+, \d\d:\d\d$/);
    await as(/Dana/);
    await tick('database.changes.migrations', /^✓ dana · /);
    await tick('database.changes.restore', /^✓ dana · /);
    expect(await item('security.config.secret-key').locator('.bk-option-desc').textContent()).toMatch(
      /olivia/,
    );
    await shot('01-ticked-by-two-people');

    // The release owner may not sign off Security: only the security lead can.
    await as(/Olivia/);
    await click(section('Security'), 'Sign off section');
    await thread().locator('.message.ephemeral', { hasText: 'can sign off Security' }).waitFor();
    await shot('02-sign-off-refused');

    // Probes against the demo service verify the machine-checkable items.
    await click(page.locator('#messages'), 'Run probes');
    await thread().locator('.bk-header', { hasText: 'Probe run #1 — payments-api' }).waitFor();
    await item('security.config.cors').locator('.bk-option-desc', { hasText: 'verified by probe' }).waitFor();
    await thread().locator('.bk-header', { hasText: 'Probe run #1' }).scrollIntoViewIfNeeded();
    await shot('03-probes');

    await as(/Sam/);
    await click(section('Security'), 'Sign off section');
    await section('Security')
      .getByText(/Signed off by @Sam Secure/)
      .waitFor();
    await as(/Dana/);
    await click(section('Database'), 'Sign off section');
    await section('Database')
      .getByText(/Signed off by @Dana Base/)
      .waitFor();
    // A probe that only warns (a slow /health on a busy machine) leaves its item to a person.
    for (const id of [
      'monitoring.endpoints.health',
      'monitoring.endpoints.ready',
      'monitoring.endpoints.request-id',
    ])
      if (!(await item(id).locator('input').isChecked())) await tick(id, /^✓ dana · /);
    await click(section('Monitoring'), 'Sign off section');
    await section('Monitoring')
      .getByText(/Signed off by @Dana Base/)
      .waitFor();

    await as(/Avery/);
    await click(page.locator('#messages'), 'Approve release');
    await thread()
      .getByText(/Release approved \(1\/1\)/)
      .waitFor();
    await click(page.locator('#messages'), 'Mark deployed');
    await page.locator('.dialog', { hasText: 'Mark deployed?' }).waitFor();
    await click(page.locator('.dialog'), 'Deployed');
    await thread()
      .getByText(/marked deployed by @Avery Approver/)
      .waitFor();
    await shot('04-deployed');

    // The ⋯ menu opens a modal with this click's trigger_id; the bot refuses a missing reason inside it.
    await as(/Olivia/);
    await section('Post-deployment').locator('.bk-overflow-button').click();
    await section('Post-deployment').getByRole('button', { name: 'Mark an item N/A…' }).click();
    const modal = page.locator('.dialog', { hasText: 'Mark not applicable' });
    await modal.locator('select').selectOption({ label: 'Smoke tests passed in production' });
    await click(modal, 'Save');
    await modal.getByText('A reason is required.').waitFor();
    await modal.locator('textarea').fill('No smoke suite for this service yet');
    await shot('05-modal');
    await click(modal, 'Save');
    await item('post.smoke')
      .locator('.bk-option-desc', { hasText: 'N/A (olivia): No smoke suite' })
      .waitFor();

    // A bad deploy: the demo service starts failing, and the watch reminds the owners to roll back.
    await page.locator('#demo label', { hasText: 'High error rate' }).locator('input').check();
    const reminder = thread().locator('.message', { hasText: 'Consider rolling back' });
    await reminder.waitFor({ timeout: 20_000 });
    // The error-rate chart follows the reminder (uploaded after it, then the reminder is updated).
    const chart = reminder.locator('img.bk-image');
    await chart.waitFor({ timeout: 20_000 });
    await expect
      .poll(() =>
        chart.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThanOrEqual(800);
    expect(await chart.getAttribute('alt')).toMatch(/Error-rate chart for payments-api 1\.2\.3/);
    await chart.scrollIntoViewIfNeeded();
    await shot('06-rollback-reminder');
    expect(await thread().locator('.message', { hasText: 'Consider rolling back' }).textContent()).toMatch(
      /error ratio [\d.]+ ?%\D+\d+ of \d+ requests/,
    );
  }, 60_000);

  it('posts the maintenance checklist for the admin and refuses it to anyone else', async () => {
    shotOnFailure('maintenance');
    await page.goto(sandbox.url);
    await as(/Olivia/);
    await page.fill('#composer textarea', '/deploy-check maintenance run');
    await page.press('#composer textarea', 'Enter');
    await page.locator('#messages .message.ephemeral', { hasText: /admin/i }).last().waitFor();
    await as(/Alex/);
    await page.fill('#composer textarea', '/deploy-check maintenance run');
    await page.press('#composer textarea', 'Enter');
    const cycle = page.locator('#messages .message', {
      has: page.locator('.bk-header', { hasText: 'Maintenance' }),
    });
    await cycle.locator('.block-section', { hasText: 'Review and rotate secrets/API keys' }).waitFor();
    await cycle.scrollIntoViewIfNeeded();
    await shot('07-maintenance');
  }, 30_000);

  it("shows the person's App Home tab as the bot published it, and goes back to the channel", async () => {
    shotOnFailure('home');
    await page.goto(sandbox.url);
    await as(/Olivia/);
    await page.locator('#home-entry').click();
    const home = page.locator('#home');
    await home.locator('.bk-header', { hasText: 'deploy-check' }).waitFor();
    // The first test opened a release as Olivia: her Home lists it among her own.
    await home.locator('.block-header', { hasText: 'Your open releases' }).waitFor();
    await home.locator('.block-section', { hasText: 'payments-api' }).first().waitFor();
    expect(await page.locator('#channel').isHidden()).toBe(true);
    await shot('08-app-home');
    await page.locator('#channel-entry').click();
    await page.locator('#composer textarea').waitFor();
    expect(await home.isHidden()).toBe(true);
  }, 30_000);

  it('switches the demo to the full production checklist and opens a release with it', async () => {
    shotOnFailure('full-checklist');
    await page.goto(sandbox.url);
    await as(/Olivia/);
    await page.selectOption('#checklist', 'full');
    await page.locator('#checklist:not([disabled])').waitFor();
    await page.locator('#intro').waitFor();
    await page.fill('#composer textarea', '/deploy-check payments-api 2.0.0');
    await page.press('#composer textarea', 'Enter');
    await page.getByRole('button', { name: /\d+ replies/ }).click();
    await section('Final tests').waitFor();
    await shot('09-full-checklist');
    expect(await thread().locator('.message .bk-header').count()).toBeGreaterThan(3);
  }, 60_000);
});
