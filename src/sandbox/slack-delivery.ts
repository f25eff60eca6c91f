import { randomBytes } from 'node:crypto';
import type { SandboxPerson } from './sandbox-people.js';
import { signSlackRequest } from './slack-signature.js';
import { type FakeSlack, slackTs } from './slack-web-api.js';

type Json = Record<string, unknown>;
export interface DeliveryResult {
  status: number;
  body: string;
  /** What a Slack client would show when the app did not answer in time or failed. */
  error?: string;
}

// Slack waits 3 s for the app's HTTP response, then shows the person an error.
const ACK_TIMEOUT_MS = 3_000;
const TEAM = { id: 'T0SANDBOX', domain: 'sandbox' };
const APP_ID = 'A0DEPLOYCHECK';

/**
 * Sends the bot what Slack sends it: signed slash commands, block_actions, view_submissions and events,
 * each interaction with a fresh trigger_id and response_url issued by the local Web API.
 */
export function createSlackDelivery(deps: {
  fake: FakeSlack;
  botUrl: () => string;
  signingSecret: string;
  person: (id: string) => SandboxPerson;
  channel: { id: string; name: string };
  botUserId: string;
}) {
  const { fake } = deps;
  const userOf = (id: string) => {
    const p = deps.person(id);
    return { id: p.id, username: p.name, name: p.name, team_id: TEAM.id };
  };
  const responseUrl = (user: string, threadTs?: string) =>
    `${fake.url}/response/${fake.interactivity.issueResponseToken({ user, channel: deps.channel.id, threadTs })}`;

  async function post(body: string, contentType: string): Promise<DeliveryResult> {
    try {
      const res = await fetch(`${deps.botUrl()}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': contentType, ...signSlackRequest(body, deps.signingSecret) },
        body,
        signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
      });
      const text = await res.text();
      return res.ok
        ? { status: res.status, body: text }
        : { status: res.status, body: text, error: 'dispatch_failed' };
    } catch (e) {
      const timeout = (e as Error).name === 'TimeoutError';
      return { status: 0, body: '', error: timeout ? 'operation_timeout' : 'dispatch_failed' };
    }
  }
  const postPayload = (payload: Json) =>
    post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );

  return {
    async command(user: string, text: string): Promise<DeliveryResult> {
      const p = deps.person(user);
      const form = new URLSearchParams({
        token: 'legacy-verification-token',
        team_id: TEAM.id,
        team_domain: TEAM.domain,
        channel_id: deps.channel.id,
        channel_name: deps.channel.name,
        user_id: p.id,
        user_name: p.name,
        command: '/deploy-check',
        text,
        api_app_id: APP_ID,
        is_enterprise_install: 'false',
        response_url: responseUrl(p.id),
        trigger_id: fake.interactivity.issueTrigger(p.id),
      });
      return post(form.toString(), 'application/x-www-form-urlencoded');
    },

    /** A click on `message` as this person's client rendered it (its blocks are sent back as they were). */
    action(
      user: string,
      where: {
        channel: string;
        ts: string;
        threadTs?: string;
        ephemeral: boolean;
        text: string;
        blocks: Json[];
      },
      action: Json,
    ): Promise<DeliveryResult> {
      const container = {
        type: 'message',
        message_ts: where.ts,
        channel_id: where.channel,
        is_ephemeral: where.ephemeral,
        ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      };
      return postPayload({
        type: 'block_actions',
        user: userOf(user),
        api_app_id: APP_ID,
        token: 'legacy-verification-token',
        container,
        trigger_id: fake.interactivity.issueTrigger(user),
        team: TEAM,
        enterprise: null,
        is_enterprise_install: false,
        channel: deps.channel,
        // Slack omits the message of an ephemeral one: the app never stored it.
        ...(where.ephemeral
          ? {}
          : {
              message: {
                type: 'message',
                user: deps.botUserId,
                bot_id: 'BBOT',
                ts: where.ts,
                text: where.text,
                blocks: where.blocks,
                ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
              },
            }),
        state: { values: {} },
        response_url: responseUrl(user, where.threadTs ?? (where.ephemeral ? undefined : where.ts)),
        actions: [{ ...action, action_ts: slackTs() }],
      });
    },

    /** A click on the person's App Home tab (the view the app last published for them). */
    homeAction(user: string, view: Json, action: Json): Promise<DeliveryResult> {
      const viewId = `VHOME${user}`;
      return postPayload({
        type: 'block_actions',
        user: userOf(user),
        api_app_id: APP_ID,
        token: 'legacy-verification-token',
        container: { type: 'view', view_id: viewId },
        trigger_id: fake.interactivity.issueTrigger(user),
        team: TEAM,
        enterprise: null,
        is_enterprise_install: false,
        view: {
          ...view,
          id: viewId,
          hash: slackTs(),
          team_id: TEAM.id,
          app_id: APP_ID,
          state: { values: {} },
        },
        actions: [{ ...action, action_ts: slackTs() }],
      });
    },

    viewSubmission(user: string, view: { id: string; hash: string; view: Json }, values: Json) {
      return postPayload({
        type: 'view_submission',
        team: TEAM,
        user: userOf(user),
        api_app_id: APP_ID,
        token: 'legacy-verification-token',
        trigger_id: fake.interactivity.issueTrigger(user),
        view: {
          ...view.view,
          id: view.id,
          hash: view.hash,
          team_id: TEAM.id,
          app_id: APP_ID,
          root_view_id: view.id,
          previous_view_id: null,
          state: { values },
        },
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      });
    },

    event(event: Json): Promise<DeliveryResult> {
      const body = JSON.stringify({
        token: 'legacy-verification-token',
        team_id: TEAM.id,
        api_app_id: APP_ID,
        event: { ...event, event_ts: slackTs() },
        type: 'event_callback',
        event_id: `Ev${randomBytes(6).toString('hex').toUpperCase()}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: TEAM.id, user_id: deps.botUserId, is_bot: true }],
        is_ext_shared_channel: false,
      });
      return post(body, 'application/json');
    },

    /** The check Slack makes when an app's Request URL is saved: the challenge must come back. */
    async urlVerification(): Promise<boolean> {
      const challenge = randomBytes(12).toString('hex');
      const r = await post(
        JSON.stringify({ token: 'legacy-verification-token', challenge, type: 'url_verification' }),
        'application/json',
      );
      return r.status === 200 && r.body.includes(challenge);
    },
  };
}
export type SlackDelivery = ReturnType<typeof createSlackDelivery>;
