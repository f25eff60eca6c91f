#!/usr/bin/env node
import { createBot } from './bot.js';
import { loadConfig } from './config.js';
import { isAppError } from './errors.js';
import { createLogger } from './logger.js';

// Entry point: config → the bot (createBot wires everything) → graceful SIGTERM.
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    console.error(isAppError(e) ? `deploy-check: invalid configuration\n${e.message}` : e);
    process.exit(78); // EX_CONFIG
  }
  const logger = createLogger({ level: config.logLevel });
  const bot = createBot(config, { logger });
  await bot.start();
  logger.info(
    { mode: config.slack.socketMode ? 'socket' : 'http', port: config.port, database: config.databasePath },
    config.slack.socketMode
      ? 'deploy-check connected over Socket Mode'
      : `deploy-check listening on :${config.port} (POST /slack/events)`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight work');
    await bot.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
}

main().catch((e) => {
  console.error(isAppError(e) ? `deploy-check: ${e.message}` : e);
  process.exit(1);
});
