// Slack: a Block Kit message (payloads.ts) to an incoming webhook, whose URL is the credential.
import { maskUrl } from '../mask.ts';
import { slackMessage } from '../payloads.ts';
import type { ChannelDefinition } from './definition.ts';
import {
  DELIVERY_FIELD,
  URL_FIELD,
  browserMode,
  deliveryNote,
  parseUrl,
  requestMode,
  urlEnv,
  urlProblems,
  urlTarget,
  userAgent,
  type UrlChannel,
} from './shared.ts';

export interface SlackChannel extends UrlChannel {
  type: 'slack';
}

// Slack's webhook endpoints refuse CORS preflights: only a simple request gets through, its answer unreadable.
const AUTO = 'no-cors';

export const slack: ChannelDefinition<SlackChannel> = {
  type: 'slack',
  label: 'Slack (incoming webhook)',
  aliases: [],
  example: { type: 'slack', url: 'https://hooks.slack.com/services/T0AB12CD/B0EF34GH/slackSecretPart1234' },
  secretFields: ['url'],
  parse: parseUrl,
  seed: (targets) => urlTarget(targets.slack),
  env: urlEnv('PERFTRACK_SLACK_WEBHOOK'),
  validate: (channel) => urlProblems(channel.url),
  mask: (channel) => maskUrl(channel.url),
  autoDelivery: AUTO,
  form: { fields: [URL_FIELD, DELIVERY_FIELD], note: (channel) => deliveryNote(browserMode(channel, AUTO)) },
  payload: (_channel, input) => slackMessage(input),
  async request(channel, input, ctx) {
    const mode = requestMode(channel, AUTO, ctx);
    const json = JSON.stringify(slackMessage(input));
    // Slack takes the same JSON as a form field `payload` (application/x-www-form-urlencoded is CORS-simple).
    if (mode === 'no-cors')
      return {
        url: channel.url,
        method: 'POST',
        mode,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ payload: json }).toString(),
      };
    return {
      url: channel.url,
      method: 'POST',
      mode,
      headers: { 'Content-Type': 'application/json', ...userAgent(ctx) },
      body: json,
    };
  },
};
