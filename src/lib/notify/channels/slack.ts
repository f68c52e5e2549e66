// Slack: a Block Kit message (payloads.ts) to an incoming webhook, whose URL is the credential.
import { slackMessage } from '../payloads.ts';
import { chatWebhook, type UrlChannel } from './shared.ts';

export interface SlackChannel extends UrlChannel {
  type: 'slack';
}

export const slack = chatWebhook<SlackChannel>({
  type: 'slack',
  label: 'Slack (incoming webhook)',
  example: { type: 'slack', url: 'https://hooks.slack.com/services/T0AB12CD/B0EF34GH/slackSecretPart1234' },
  env: 'PERFTRACK_SLACK_WEBHOOK',
  // Slack's webhook endpoints refuse CORS preflights: only a simple request gets through, its answer unreadable.
  auto: 'no-cors',
  message: slackMessage,
  // Slack takes the same JSON as a form field `payload` (application/x-www-form-urlencoded is CORS-simple).
  simple: (json) => ({
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ payload: json }).toString(),
  }),
});
