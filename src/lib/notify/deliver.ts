// Delivering one batch of regressions on one channel: its definition (channels/) builds the request, sent here
// with retries, or delivers the batch itself (docs/notifications.md explains the choices per service).
import type { Regression } from '../analysis/types.ts';
import { definitionOf, type ChannelConfig } from './channels/index.ts';
import type { Delivery } from './channels/definition.ts';
import { fromOutcome } from './channels/shared.ts';
import { redact } from './mask.ts';
import type { MessageInput } from './payloads.ts';
import { channelSecrets } from './secrets.ts';
import { sendWithRetry, type HttpOutcome, type HttpRequest, type RetryPolicy, type SendContext } from './send.ts';

export type { Delivery } from './channels/definition.ts';

function statusLine(outcome: HttpOutcome): string {
  if (outcome.status === null)
    return outcome.ok ? 'sent; the browser hid the answer (no-cors), delivery not confirmed' : '';
  const text = (outcome.text ?? '').trim().replace(/\s+/g, ' ').slice(0, 200);
  return `HTTP ${outcome.status}${text ? ` ${text}` : ''}`;
}

/** Send one batch on one channel. */
export async function deliver(
  channel: ChannelConfig,
  regressions: Regression[],
  input: Omit<MessageInput, 'regressions'>,
  ctx: SendContext,
  policy: RetryPolicy,
): Promise<Delivery[]> {
  const fingerprints = regressions.map((r) => r.fingerprint);
  const secrets = channelSecrets(channel);
  const message: MessageInput = { ...input, regressions };
  const definition = definitionOf(channel);
  if (definition.deliver) return definition.deliver(channel, message, { ctx, policy, secrets });
  let request: HttpRequest;
  try {
    request = await definition.request(channel, message, ctx);
  } catch (error) {
    return [
      {
        fingerprints,
        ok: false,
        confirmed: true,
        retries: 0,
        lastRetryAt: null,
        error: redact((error as Error).message, secrets),
        response: null,
      },
    ];
  }
  const outcome = await sendWithRetry(request, ctx, policy);
  return [fromOutcome(fingerprints, outcome, secrets, statusLine(outcome))];
}
