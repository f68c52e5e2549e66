// Discord: a webhook message with one embed per regression (payloads.ts); the webhook URL is the credential.
import { maskUrl } from '../mask.ts';
import { discordMessage } from '../payloads.ts';
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

export interface DiscordChannel extends UrlChannel {
  type: 'discord';
}

// Discord answers CORS for webhook execution: deliveries from the page are confirmed.
const AUTO = 'cors';

export const discord: ChannelDefinition<DiscordChannel> = {
  type: 'discord',
  label: 'Discord (webhook)',
  aliases: [],
  example: { type: 'discord', url: 'https://discord.com/api/webhooks/123456789012345678/discordSecretToken_abcdef' },
  secretFields: ['url'],
  parse: parseUrl,
  seed: (targets) => urlTarget(targets.discord),
  env: urlEnv('PERFTRACK_DISCORD_WEBHOOK'),
  validate: (channel) => urlProblems(channel.url),
  mask: (channel) => maskUrl(channel.url),
  autoDelivery: AUTO,
  form: {
    fields: [URL_FIELD, DELIVERY_FIELD],
    note: (channel) =>
      deliveryNote(browserMode(channel, AUTO), 'Discord answers browsers (CORS): deliveries are confirmed.'),
  },
  payload: (_channel, input) => discordMessage(input),
  async request(channel, input, ctx) {
    const mode = requestMode(channel, AUTO, ctx);
    const json = JSON.stringify(discordMessage(input));
    // ?wait=true: Discord answers 200 with the message instead of 204, a confirmation we can show.
    const url = new URL(channel.url);
    url.searchParams.set('wait', 'true');
    if (mode === 'no-cors') {
      // multipart/form-data is CORS-simple; Discord reads the message from its payload_json part.
      const form = new FormData();
      form.set('payload_json', json);
      return { url: url.href, method: 'POST', mode, headers: {}, body: form };
    }
    return {
      url: url.href,
      method: 'POST',
      mode,
      headers: { 'Content-Type': 'application/json', ...userAgent(ctx) },
      body: json,
    };
  },
};
