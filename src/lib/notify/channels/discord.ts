// Discord: a webhook message with one embed per regression (payloads.ts); the webhook URL is the credential.
import { discordMessage } from '../payloads.ts';
import { chatWebhook, type UrlChannel } from './shared.ts';

export interface DiscordChannel extends UrlChannel {
  type: 'discord';
}

export const discord = chatWebhook<DiscordChannel>({
  type: 'discord',
  label: 'Discord (webhook)',
  example: { type: 'discord', url: 'https://discord.com/api/webhooks/123456789012345678/discordSecretToken_abcdef' },
  env: 'PERFTRACK_DISCORD_WEBHOOK',
  // Discord answers CORS for webhook execution: deliveries from the page are confirmed.
  auto: 'cors',
  corsNote: 'Discord answers browsers (CORS): deliveries are confirmed.',
  message: discordMessage,
  // ?wait=true: Discord answers 200 with the message instead of 204, a confirmation we can show.
  target: (url) => {
    const waiting = new URL(url);
    waiting.searchParams.set('wait', 'true');
    return waiting.href;
  },
  // multipart/form-data is CORS-simple; Discord reads the message from its payload_json part.
  simple: (json) => {
    const form = new FormData();
    form.set('payload_json', json);
    return { headers: {}, body: form };
  },
});
