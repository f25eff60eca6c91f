#!/usr/bin/env node
import { loadSandboxSettings } from '../config.js';
import { isAppError } from '../errors.js';
import { createLogger } from '../logger.js';
import { startSandbox } from './sandbox-server.js';

// `npm run sandbox`: the real bot against a local Slack workspace in the browser.
async function main() {
  const settings = loadSandboxSettings();
  const logger = createLogger({ level: settings.logLevel });
  const sandbox = await startSandbox(settings, logger);
  const local = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(settings.host);
  const port = new URL(sandbox.url).port;
  console.warn(
    `deploy-check sandbox: open ${local ? `http://localhost:${port}` : sandbox.url}\n` +
      `  config ${settings.configPath}, data ${settings.dataDir}. Stop with Ctrl+C.`,
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e) => {
  const code = (e as NodeJS.ErrnoException).code;
  console.error(
    code === 'EADDRINUSE'
      ? 'deploy-check sandbox: the port is in use; set PORT to another one (PORT=3001 npm run sandbox)'
      : isAppError(e)
        ? `deploy-check sandbox: ${e.message}`
        : e,
  );
  process.exit(isAppError(e) ? 78 : 1);
});
