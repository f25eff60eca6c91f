import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Bot, createBot } from '../bot.js';
import type { Checklist } from '../checklist/checklist.js';
import { loadConfig, type SandboxSettings } from '../config.js';
import type { Logger } from '../logger.js';
import { scanRepository } from '../scan/scan-repository.js';
import { createChecklistSwitch } from './checklist-switch.js';
import { createDemoRepoScan, findDemoRepo } from './demo-repo-scan.js';
import { createDemoService } from './demo-service.js';
import { createPageRoutes } from './page-routes.js';
import { SANDBOX_BOT, SANDBOX_CHANNEL, SANDBOX_PEOPLE, SANDBOX_USERGROUPS } from './sandbox-people.js';
import { createSlackDelivery } from './slack-delivery.js';
import { imageMime } from './slack-file-rules.js';
import { createFakeSlack } from './slack-web-api.js';
import { createStaticFiles } from './static-files.js';

/**
 * `npm run sandbox`: one port serving the local Slack workspace (Web API, page, response URLs) and the
 * demo service, with the real bot — unchanged, in HTTP mode — on a loopback port behind it, pointed at
 * that Web API, with its own SQLite file, scheduler and watch.
 */
export async function startSandbox(settings: SandboxSettings, logger: Logger) {
  mkdirSync(settings.dataDir, { recursive: true });
  // The workspace's messages live in memory, so each start is a fresh workspace with a fresh database.
  const databasePath = join(settings.dataDir, 'deploy-check.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true });

  const token = `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
  const signingSecret = randomBytes(24).toString('hex');
  const fake = createFakeSlack({
    token,
    botUserId: SANDBOX_BOT.id,
    verifyTriggers: true,
    users: new Map(SANDBOX_PEOPLE.map((p) => [p.id, { name: p.name, realName: p.realName }])),
  });
  fake.channels.set(SANDBOX_CHANNEL.id, SANDBOX_CHANNEL);
  for (const [id, g] of Object.entries(SANDBOX_USERGROUPS)) fake.usergroups.set(id, [...g.users]);
  const demo = createDemoService();
  let botUrl = '';
  const person = (id: string) => SANDBOX_PEOPLE.find((p) => p.id === id) ?? SANDBOX_PEOPLE[0]!;
  const delivery = createSlackDelivery({
    fake,
    botUrl: () => botUrl,
    signingSecret,
    person,
    channel: SANDBOX_CHANNEL,
    botUserId: SANDBOX_BOT.id,
  });
  const checklists = createLateChecklistSwitch(fake);
  // "Scan demo repo" reaches whichever bot is running (the checklist switch restarts it).
  const scanDemoRepo = createDemoRepoScan({
    bot: () => bot,
    scan: (dir) => scanRepository(dir),
    channel: SANDBOX_CHANNEL.id,
    dir: findDemoRepo(),
  });
  const page = createPageRoutes({ fake, demo, delivery, checklists: checklists.switch, scanDemoRepo });
  const assets = createStaticFiles();

  // On loopback, only pages served as localhost may drive the workspace: a web site whose DNS name
  // rebinds to 127.0.0.1 arrives with its own Host header and is turned away.
  const loopbackOnly = ['127.0.0.1', '::1', 'localhost'].includes(settings.host);
  const allowedHost = (host: string | undefined) =>
    !loopbackOnly || /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host ?? '');
  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!allowedHost(req.headers.host)) return void res.writeHead(421).end('unknown host');
    if (/^\/(api|upload|response)\//.test(path)) return fake.handle(req, res);
    // The image's HEALTHCHECK asks the one published port; the answer is the bot's own readiness.
    if (path === '/ready' || path === '/health') {
      const r = await fetch(`${botUrl}${path}`).catch(() => undefined);
      return void res
        .writeHead(r?.status ?? 503, { 'content-type': 'application/json' })
        .end(await r?.text());
    }
    if (path === '/demo' || path.startsWith('/demo/')) return demo.handle(req, res, path.slice(5) || '/');
    if (path.startsWith('/sandbox/')) {
      // JSON only: a form posted by another web site cannot drive the workspace (it would need CORS).
      if (req.method === 'POST' && !String(req.headers['content-type']).startsWith('application/json'))
        return void res.writeHead(415).end('application/json only');
      const file = path.match(/^\/sandbox\/files\/(F\d+)$/);
      const f = file && fake.files.find((x) => x.id === file[1]);
      // An image (a chart an image block names with slack_file) as itself; anything else as text.
      const mime = f && imageMime(f.bytes);
      if (f && mime) return void res.writeHead(200, { 'content-type': mime }).end(f.bytes);
      if (f) return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(f.content);
      if (await page(req, res, path)) return;
    }
    if (await assets(res, path === '/' ? 'index.html' : path.replace(/^\/assets\//, ''))) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  };
  const server = createServer((req, res) => {
    route(req, res).catch((e) => {
      logger.error({ err: e }, 'sandbox request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  // The bot and the probes reach the workspace over loopback whatever interface the page is served on.
  const internal = `http://127.0.0.1:${port}`;
  fake.setBaseUrl(internal);

  const config = loadConfig({
    SLACK_BOT_TOKEN: token,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: `${internal}/api/`,
    DATABASE_PATH: databasePath,
    DEPLOY_CHECK_CONFIG: settings.configPath,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: settings.logLevel,
    DEMO_URL: `${internal}/demo`,
  });
  let bot: Bot;
  const startBot = async (checklist?: Checklist) => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true });
    bot = await createBot(config, { logger, ...(checklist ? { checklist } : {}) });
    const botServer = await bot.start(0);
    botUrl = `http://127.0.0.1:${(botServer!.address() as AddressInfo).port}`;
    if (!(await delivery.urlVerification())) logger.warn('the bot did not answer Slack’s url_verification');
    await delivery.event({
      type: 'member_joined_channel',
      user: SANDBOX_BOT.id,
      channel: SANDBOX_CHANNEL.id,
    });
  };
  await startBot();
  checklists.bind(async (checklist) => {
    await bot.stop({ drainMs: 500 });
    await startBot(checklist);
  });

  return {
    url: `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`,
    fake,
    demo,
    get bot() {
      return bot;
    },
    checklists,
    async close() {
      await bot.stop({ drainMs: 2_000 });
      demo.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** The checklist switch, created before the bot it restarts exists (the page routes need it first). */
function createLateChecklistSwitch(fake: ReturnType<typeof createFakeSlack>) {
  let restart: (checklist: Checklist | undefined) => Promise<void> = async () => {};
  return {
    switch: createChecklistSwitch({ fake, restart: (c) => restart(c) }),
    bind(f: typeof restart) {
      restart = f;
    },
  };
}
