// The "Approve release" click as Slack sends it from a release's parent message, for the bursts the
// workspace benches send (the value is read from the rendered button, as a client would).
import type { FakeMessage } from '../src/sandbox/slack-web-api.js';
import { nextTrigger } from '../test/helpers/slack-harness.js';

export function approvePayload(parent: FakeMessage, user: string) {
  const value = JSON.stringify(parent.blocks).match(
    /"action_id":"release:approve"[^}]*"value":"([^"]+)"/,
  )?.[1];
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase() },
    trigger_id: nextTrigger(),
    container: { type: 'message', message_ts: parent.ts, channel_id: parent.channel },
    channel: { id: parent.channel },
    message: { type: 'message', ts: parent.ts, blocks: parent.blocks },
    actions: [
      {
        type: 'button',
        action_id: 'release:approve',
        block_id: 'release_actions',
        value,
        action_ts: nextTrigger(),
      },
    ],
  };
}
