// Microsoft Teams: an Adaptive Card message (payloads.ts) to a Workflows webhook, whose URL is the credential.
import { teamsMessage } from '../payloads.ts';
import { chatWebhook, type UrlChannel } from './shared.ts';

export interface TeamsChannel extends UrlChannel {
  type: 'teams';
}

export const teams = chatWebhook<TeamsChannel>({
  type: 'teams',
  label: 'Microsoft Teams (workflow webhook)',
  aliases: ['msteams'],
  example: {
    type: 'teams',
    url: 'https://prod-00.westus.logic.azure.com/workflows/1/triggers/manual/paths/invoke?sig=teamsSignature123',
  },
  env: 'PERFTRACK_TEAMS_WEBHOOK',
  // Teams' webhook endpoints refuse CORS preflights: only a simple request gets through, its answer unreadable.
  auto: 'no-cors',
  message: teamsMessage,
  simple: (json) => ({ headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: json }),
});
