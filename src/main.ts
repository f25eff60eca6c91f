#!/usr/bin/env node
import { createBot } from './bot.js';
import { type Config, loadConfig, loadDotEnv } from './config.js';
import { describeDatabase } from './db/database-target.js';
import { createLogger } from './logger.js';
import { describeStartupError } from './startup-error.js';

let config: Config | undefined;

/** Every start-up failure ends here: one or two lines naming the cause and the variable, no stack, no token. */
function fail(e: unknown): never {
  const { message, exitCode } = describeStartupError(e, config);
  process.stderr.write(`${message}\n`);
  process.exit(exitCode);
}

// Entry point: .env → config → the bot (createBot wires everything) → graceful SIGTERM.
async function main() {
  // Until the logger exists, a stray rejection (a library's background call) must not print raw errors.
  process.on('unhandledRejection', fail);
  loadDotEnv();
  config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const bot = await createBot(config, { logger });
  await bot.start();
  process.off('unhandledRejection', fail);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  logger.info(
    {
      mode: config.slack.socketMode ? 'socket' : 'http',
      host: config.host,
      port: config.port,
      database: describeDatabase(config.database),
    },
    config.slack.socketMode
      ? 'deploy-check connected over Socket Mode'
      : `deploy-check listening on ${config.host}:${config.port} (POST /slack/events)`,
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
}

main().catch(fail);
