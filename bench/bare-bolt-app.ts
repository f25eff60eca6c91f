// The baseline for the ack-latency bench: a Bolt app that only acks (same receiver, same signature
// checks), in its own process like the bot. Prints its port on stdout.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';

const app = new App({
  token: 'xoxb-bare',
  signingSecret: process.argv[2] ?? '',
  tokenVerificationEnabled: false,
  botId: 'B',
  botUserId: 'U',
});
app.command('/deploy-check', async ({ ack }) => ack());
app.action('item_toggle', async ({ ack }) => ack());
const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
