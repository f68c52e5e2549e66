// What the channel files share: lenient reading of config fields, the webhook-URL channels' common parts
// (URL, browser delivery, the chat webhooks' whole definition), masking a form field, and an HTTP outcome as a delivery.
import { maskSecret, maskUrl, redact } from '../mask.ts';
import { splitList } from '../rules.ts';
import type { HttpOutcome, SendContext } from '../send.ts';
import type { MessageInput } from '../payloads.ts';
import type {
  BrowserDelivery,
  ChannelBase,
  ChannelDefinition,
  ChannelFields,
  Delivery,
  EnvBinding,
  FormField,
  RawConfig,
} from './definition.ts';

// ---- lenient field parsing ---------------------------------------------------------------------

export const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v.trim() : fallback);
export const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);
export const list = (v: unknown): string[] =>
  Array.isArray(v)
    ? v
        .filter((x): x is string => typeof x === 'string')
        .map((x) => x.trim())
        .filter(Boolean)
    : typeof v === 'string'
      ? splitList(v)
      : [];
export const delivery = (v: unknown): BrowserDelivery => (v === 'cors' || v === 'no-cors' ? v : 'auto');

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** A seed target that is an object of fields (anything else: none). */
export function objectTarget(target: unknown): RawConfig {
  return target && typeof target === 'object' ? { ...(target as RawConfig) } : {};
}

// ---- channels posting to a webhook URL ---------------------------------------------------------

export interface UrlChannel extends ChannelBase {
  /** The webhook URL (Slack, Discord and Teams URLs carry their secret in the path). */
  url: string;
  delivery?: BrowserDelivery;
}

export function parseUrl(raw: RawConfig): ChannelFields<UrlChannel> {
  return { url: str(raw.url), delivery: delivery(raw.delivery) };
}

export function urlProblems(url: string): string[] {
  if (!url) return ['a webhook URL is needed'];
  return isHttpUrl(url) ? [] : ['the webhook URL must start with https:// (or http://)'];
}

/** A seed target: the URL itself, or an object of fields. */
export function urlTarget(target: unknown): RawConfig {
  return typeof target === 'string' ? { url: target } : objectTarget(target);
}

/** One variable holding the URL. */
export function urlEnv<C extends UrlChannel>(name: string): EnvBinding<C> {
  return { names: [name], apply: (get) => (get(name) ? ({ url: get(name) } as Partial<ChannelFields<C>>) : null) };
}

export const URL_FIELD: FormField<UrlChannel> = { kind: 'secret', key: 'url', label: 'Webhook URL', input: 'url' };
export const DELIVERY_FIELD: FormField<UrlChannel> = { kind: 'delivery', key: 'delivery' };

/** The delivery a browser uses: the channel's choice, else the service's `auto`. */
export function browserMode(channel: UrlChannel, auto: 'cors' | 'no-cors'): 'cors' | 'no-cors' {
  return channel.delivery === 'cors' || channel.delivery === 'no-cors' ? channel.delivery : auto;
}

/** The request mode of a delivery: Node has no CORS. */
export function requestMode(channel: UrlChannel, auto: 'cors' | 'no-cors', ctx: SendContext): 'cors' | 'no-cors' {
  return ctx.runtime === 'browser' ? browserMode(channel, auto) : 'cors';
}

/** The User-Agent header, sent from Node only (a browser sets its own). */
export function userAgent(ctx: SendContext): Record<string, string> {
  return ctx.runtime === 'node' ? { 'User-Agent': 'perftrack' } : {};
}

/** The form's line about browser delivery: no-cors is unconfirmed; `cors` may say what the receiver must do. */
export function deliveryNote(mode: 'cors' | 'no-cors', corsNote = ''): string {
  return mode === 'no-cors'
    ? 'From this page the request goes out without its answer being readable: deliveries show as “sent (unconfirmed)”.'
    : corsNote;
}

/** What sets one chat service's webhook apart (Slack, Discord, Teams); `chatWebhook` builds the rest. */
export interface ChatWebhookSpec<C extends UrlChannel> {
  type: C['type'];
  label: string;
  aliases?: readonly string[];
  example: RawConfig;
  env: string;
  /** Whether the service answers CORS, which a browser's delivery then defaults to. */
  auto: 'cors' | 'no-cors';
  /** What the form says when the delivery is CORS. */
  corsNote?: string;
  message(input: MessageInput): unknown;
  /** The URL a message is posted to (default: the channel's). */
  target?(url: string): string;
  /** The CORS-simple form of the message, for a no-cors delivery. */
  simple(json: string): { headers: Record<string, string>; body: string | FormData };
}

/** A chat webhook whose URL is the credential: the JSON message posted to it, or its CORS-simple form. */
export function chatWebhook<C extends UrlChannel>(spec: ChatWebhookSpec<C>): ChannelDefinition<C> {
  const target = spec.target ?? ((url: string) => url);
  return {
    type: spec.type,
    label: spec.label,
    aliases: spec.aliases ?? [],
    example: spec.example,
    secretFields: ['url'],
    // A chat channel has the URL channel's fields and no more.
    parse: (raw) => parseUrl(raw) as ChannelFields<C>,
    seed: (targets) => urlTarget(targets[spec.type]),
    env: urlEnv(spec.env),
    validate: (channel) => urlProblems(channel.url),
    mask: (channel) => maskUrl(channel.url),
    autoDelivery: spec.auto,
    form: {
      fields: [URL_FIELD, DELIVERY_FIELD],
      note: (channel) => deliveryNote(browserMode(channel, spec.auto), spec.corsNote),
    },
    payload: (_channel, input) => spec.message(input),
    async request(channel, input, ctx) {
      const mode = requestMode(channel, spec.auto, ctx);
      const json = JSON.stringify(spec.message(input));
      const url = target(channel.url);
      if (mode === 'no-cors') return { url, method: 'POST', mode, ...spec.simple(json) };
      return {
        url,
        method: 'POST',
        mode,
        headers: { 'Content-Type': 'application/json', ...userAgent(ctx) },
        body: json,
      };
    },
  };
}

// ---- the form ----------------------------------------------------------------------------------

/** What the form shows of a secret field's value. */
export function maskField(field: { input: 'url' | 'password' }, value: string): string {
  return field.input === 'url' ? maskUrl(value) : maskSecret(value);
}

// ---- deliveries --------------------------------------------------------------------------------

export function fromOutcome(
  fingerprints: string[],
  outcome: HttpOutcome,
  secrets: string[],
  response: string | null,
): Delivery {
  return {
    fingerprints,
    ok: outcome.ok,
    confirmed: outcome.confirmed,
    retries: outcome.retries,
    lastRetryAt: outcome.lastRetryAt,
    error: redact(outcome.error, secrets),
    response: redact(response, secrets),
  };
}
