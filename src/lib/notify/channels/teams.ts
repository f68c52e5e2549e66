// Microsoft Teams: an Adaptive Card message (payloads.ts) to a Workflows webhook, whose URL is the credential.
import { maskUrl } from '../mask.ts';
import { teamsMessage } from '../payloads.ts';
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

export interface TeamsChannel extends UrlChannel {
  type: 'teams';
}

// Teams' webhook endpoints refuse CORS preflights: only a simple request gets through, its answer unreadable.
const AUTO = 'no-cors';

export const teams: ChannelDefinition<TeamsChannel> = {
  type: 'teams',
  label: 'Microsoft Teams (workflow webhook)',
  aliases: ['msteams'],
  example: {
    type: 'teams',
    url: 'https://prod-00.westus.logic.azure.com/workflows/1/triggers/manual/paths/invoke?sig=teamsSignature123',
  },
  secretFields: ['url'],
  parse: parseUrl,
  seed: (targets) => urlTarget(targets.teams),
  env: urlEnv('PERFTRACK_TEAMS_WEBHOOK'),
  validate: (channel) => urlProblems(channel.url),
  mask: (channel) => maskUrl(channel.url),
  autoDelivery: AUTO,
  form: { fields: [URL_FIELD, DELIVERY_FIELD], note: (channel) => deliveryNote(browserMode(channel, AUTO)) },
  payload: (_channel, input) => teamsMessage(input),
  async request(channel, input, ctx) {
    const mode = requestMode(channel, AUTO, ctx);
    const json = JSON.stringify(teamsMessage(input));
    if (mode === 'no-cors')
      return {
        url: channel.url,
        method: 'POST',
        mode,
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        body: json,
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
