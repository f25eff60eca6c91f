import type { Server } from 'node:http';
import { type Logger as BoltLogger, type CustomRoute, SocketModeReceiver } from '@slack/bolt';
import { StartupStepError } from '../startup-error.js';
import { drainEarlyAnswers } from './drain-early-answers.js';

export interface SocketReceiverOptions {
  appToken: string;
  port: number;
  host: string;
  /** SLACK_API_URL: apps.connections.open goes where every other Web API call goes. */
  apiUrl?: string;
  routes: CustomRoute[];
  logger?: BoltLogger;
  /** Milliseconds from an envelope arriving over the socket to its ack. */
  onAck: (ms: number) => void;
  /** An envelope arrived; the function returned is called when it is acked. */
  onArrive?: () => () => void;
}

type SlackEventArgs = { ack: (response?: unknown) => Promise<void> };

/**
 * Bolt's Socket Mode receiver, except that its HTTP server (/health, /ready, /metrics, webhooks) listens
 * on HOST (Bolt's binds every interface), a bind failure rejects start() instead of crashing the process,
 * and each envelope's ack is timed from its arrival.
 */
export function createSocketReceiver(opts: SocketReceiverOptions): SocketModeReceiver {
  class HostBoundSocketModeReceiver extends SocketModeReceiver {
    constructor() {
      super({
        appToken: opts.appToken,
        customRoutes: opts.routes,
        installerOptions: {
          port: opts.port,
          ...(opts.apiUrl ? { clientOptions: { slackApiUrl: opts.apiUrl } } : {}),
        },
        ...(opts.logger ? { logger: opts.logger } : {}),
      });
      // Bolt's listener builds its ack from the envelope; wrap the envelope's ack before it runs.
      const bolt = this.client.listeners('slack_event');
      this.client.removeAllListeners('slack_event');
      this.client.on('slack_event', (args: SlackEventArgs) => {
        const arrived = performance.now();
        const answered = opts.onArrive?.();
        const ack = args.ack;
        let timed = false;
        args.ack = async (response) => {
          if (!timed) opts.onAck(performance.now() - arrived);
          timed = true;
          answered?.();
          await ack(response);
        };
        for (const l of bolt) l(args);
      });
    }

    override async start() {
      const server = (this as unknown as { httpServer?: Server }).httpServer;
      if (server) drainEarlyAnswers(server);
      if (server)
        await new Promise<void>((resolve, reject) => {
          const failed = (e: Error) => reject(new StartupStepError('PORT', e));
          server.once('error', failed);
          server.listen(opts.port, opts.host, () => {
            server.off('error', failed);
            resolve();
          });
        });
      return this.client.start();
    }
  }
  return new HostBoundSocketModeReceiver();
}
