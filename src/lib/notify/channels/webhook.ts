// The generic webhook: the versioned JSON payload (payloads.ts) POSTed to any URL, HMAC-signed when a secret is set.
import { maskUrl } from '../mask.ts';
import { webhookPayload } from '../payloads.ts';
import { newId } from '../send.ts';
import { signatureHeaders } from '../sign.ts';
import type { ChannelDefinition } from './definition.ts';
import {
  DELIVERY_FIELD,
  URL_FIELD,
  browserMode,
  deliveryNote,
  parseUrl,
  requestMode,
  str,
  urlProblems,
  urlTarget,
  userAgent,
  type UrlChannel,
} from './shared.ts';

export interface WebhookChannel extends UrlChannel {
  type: 'webhook';
  /** HMAC-SHA256 shared secret (empty = unsigned). */
  secret?: string;
}

export const webhook: ChannelDefinition<WebhookChannel> = {
  type: 'webhook',
  label: 'Generic webhook (JSON)',
  aliases: ['generic'],
  example: { type: 'webhook', url: 'https://hooks.example.org/perftrack/in-8f2c91d4', secret: 'shared-hmac-secret-42' },
  secretFields: ['secret'],
  // Its URL is the receiver's address rather than a credential, but it may carry one.
  maskedFields: ['url'],
  parse: (raw) => {
    const { url, delivery } = parseUrl(raw);
    return { url, secret: str(raw.secret), delivery };
  },
  seed: (targets) => urlTarget(targets.webhook),
  env: {
    names: ['PERFTRACK_WEBHOOK_URL'],
    apply: (get) => {
      const url = get('PERFTRACK_WEBHOOK_URL');
      const secret = get('PERFTRACK_WEBHOOK_SECRET');
      return url || secret ? { ...(url ? { url } : {}), ...(secret ? { secret } : {}) } : null;
    },
  },
  validate: (channel) => [
    ...urlProblems(channel.url),
    ...(channel.secret && channel.delivery === 'no-cors'
      ? ['a signed webhook needs CORS delivery (a no-cors request cannot carry the signature headers)']
      : []),
  ],
  mask: (channel) => maskUrl(channel.url) + (channel.secret ? ' (signed)' : ''),
  autoDelivery: 'cors',
  form: {
    fields: [URL_FIELD, { kind: 'secret', key: 'secret', label: 'HMAC secret', input: 'password' }, DELIVERY_FIELD],
    note: (channel) =>
      deliveryNote(
        browserMode(channel, 'cors'),
        'The receiver must allow this page’s origin (CORS preflight with the X-Perftrack-* headers).',
      ),
  },
  payload: (_channel, input) => webhookPayload(input),
  async request(channel, input, ctx) {
    const mode = requestMode(channel, 'cors', ctx);
    const body = JSON.stringify(webhookPayload(input));
    if (mode === 'no-cors') {
      // A simple request cannot carry the signature headers (validation refuses a secret with no-cors).
      return { url: channel.url, method: 'POST', mode, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body };
    }
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-Perftrack-Event': input.test ? 'test' : 'regressions',
      'X-Perftrack-Delivery': newId(ctx),
      ...userAgent(ctx),
    };
    if (!channel.secret) return { url: channel.url, method: 'POST', mode, headers, body };
    const secret = channel.secret;
    // Signed for each attempt: a retry minutes later carries its own timestamp.
    return {
      url: channel.url,
      method: 'POST',
      mode,
      headers,
      body,
      sign: (nowMs) => signatureHeaders(secret, body, nowMs / 1000),
    };
  },
};
