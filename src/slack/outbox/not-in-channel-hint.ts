import type { OutboxWrite } from '../../db/repos/outbox-repo.js';

export const POST_THREAD_ACTION = 'outbox:post_thread';

/**
 * The ephemeral hint (a DM when the ephemeral cannot be shown either) to the person whose write the bot
 * could not post, with a button to try again once the bot is in the channel.
 */
export function notInChannelHint(channel: string, user: string, what: string | undefined): OutboxWrite {
  const text =
    `:warning: I could not post ${what ?? 'a message'} in <#${channel}>: I am not in this channel yet — ` +
    'invite me with `/invite @deploy-check`. It is saved, and I will post it as soon as I join.';
  return {
    key: `hint:${channel}:${user}`,
    kind: 'ephemeral',
    channel,
    payload: {
      kind: 'ephemeral',
      channel,
      user,
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text } },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: POST_THREAD_ACTION,
              text: { type: 'plain_text', text: 'Post thread' },
              value: channel,
            },
          ],
        },
      ],
    },
  };
}
