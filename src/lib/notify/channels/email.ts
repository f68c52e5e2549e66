// Email: a static page cannot send mail, so this prepares a mailto: draft (payloads.ts) for the user's mail client.
import { emailDraft } from '../payloads.ts';
import { splitList } from '../rules.ts';
import type { ChannelBase, ChannelDefinition } from './definition.ts';
import { list } from './shared.ts';

export interface EmailChannel extends ChannelBase {
  type: 'email';
  to: string[];
}

const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+$/;

export const email: ChannelDefinition<EmailChannel> = {
  type: 'email',
  label: 'Email (mailto: draft)',
  aliases: ['mail'],
  example: { type: 'email', to: ['perf-team@example.org', 'ops+alerts@example.org'] },
  secretFields: [],
  parse: (raw) => ({ to: list(raw.to ?? raw.recipients) }),
  seed: (targets) => ({ to: targets.email }),
  env: {
    names: ['PERFTRACK_EMAIL_TO'],
    apply: (get) => (get('PERFTRACK_EMAIL_TO') ? { to: splitList(get('PERFTRACK_EMAIL_TO')) } : null),
  },
  validate: (channel) => [
    ...(channel.to.length === 0 ? ['at least one recipient is needed'] : []),
    ...channel.to.filter((address) => !EMAIL.test(address)).map((address) => `"${address}" is not an email address`),
  ],
  mask: (channel) => channel.to.join(', '),
  sentLabel: 'draft ready',
  form: {
    fields: [{ kind: 'list', key: 'to', label: 'Recipients', placeholder: 'a@example.org, b@example.org' }],
    note: () => 'A static page cannot send mail: this prepares a draft in your mail client.',
  },
  payload: (channel, input) => emailDraft(channel.to, input),
  deliver: async (channel, input, { ctx }) => {
    ctx.openMailto?.(emailDraft(channel.to, input).href);
    return [
      {
        fingerprints: input.regressions.map((r) => r.fingerprint),
        ok: true,
        confirmed: false,
        retries: 0,
        lastRetryAt: null,
        error: null,
        response: 'mailto: draft prepared; sending it is up to your mail client',
      },
    ];
  },
};
