// What a notification channel is: the ChannelDefinition each file in this folder exports (one per channel type),
// and the types those files share. Nothing here knows a particular channel.
import type { MessageInput } from '../payloads.ts';
import type { HttpRequest, RetryPolicy, SendContext } from '../send.ts';

/**
 * How a request is sent from a browser. `cors`: a normal request whose answer can be read (the receiver
 * must allow it); `no-cors`: a CORS-simple request whose answer is opaque — it arrives, but delivery can
 * not be confirmed. `auto` picks per service (docs/notifications.md). Node has no CORS: always `cors`.
 */
export type BrowserDelivery = 'auto' | 'cors' | 'no-cors';

export interface ChannelBase {
  /** Stable id: deduplication is per regression fingerprint and channel id. */
  id: string;
  /** The definition's `type`. */
  type: string;
  enabled: boolean;
  /** A name shown in the log (optional). */
  name?: string;
}

/** A channel's own fields: its config without the ones every channel has. */
export type ChannelFields<C extends ChannelBase> = Omit<C, keyof ChannelBase>;

/** An object read from a config file, its fields not checked yet. */
export type RawConfig = Record<string, unknown>;

/** What happened to some of the batch's regressions (all of them, except for GitHub: one per regression). */
export interface Delivery {
  fingerprints: string[];
  ok: boolean;
  confirmed: boolean;
  retries: number;
  lastRetryAt: number | null;
  error: string | null;
  response: string | null;
}

/** What a channel that delivers itself gets besides the batch. */
export interface DeliveryRun {
  ctx: SendContext;
  policy: RetryPolicy;
  /** The channel's secret values, to redact from errors and answers. */
  secrets: string[];
}

/** One input of the channel's form, drawn by src/ui/NotifyChannel.svelte in the order given. */
export type FormField<C> =
  /** Shown masked once set (maskUrl for `url`, maskSecret for `password`); "Change" asks for a new value. */
  | { kind: 'secret'; key: keyof C & string; label: string; input: 'url' | 'password' }
  /** Trimmed on change; an empty value becomes `empty`. */
  | { kind: 'text'; key: keyof C & string; label: string; input?: 'url'; placeholder?: string; empty?: string }
  /** A comma-separated list. */
  | { kind: 'list'; key: keyof C & string; label: string; placeholder?: string }
  /** The "Browser delivery" select of the `delivery` field (the definition's `autoDelivery` names what auto means). */
  | { kind: 'delivery'; key: 'delivery' & keyof C };

/** How the CLI's environment variables set up a channel. */
export interface EnvBinding<C extends ChannelBase> {
  /** The variables that ask for this channel on their own: with one of them set and no config file, the CLI
   *  sends on the environment's channels instead of its default log channel. */
  names: readonly string[];
  /** Fields from the environment (`get` gives '' for an unset variable) for the first channel of this type in the
   *  config, or for a new one added to it; null leaves the config alone. */
  apply(get: (name: string) => string, existing: C | undefined): Partial<ChannelFields<C>> | null;
}

interface ChannelCommon<C extends ChannelBase> {
  type: C['type'];
  /** The form's name of the type (the channel type select, the channel's legend). */
  label: string;
  /** Other names accepted for the type in config files and in the seed's `methods` (case-insensitive). */
  aliases: readonly string[];
  /** A complete, valid config entry as a file would hold it (docs and the registry test). */
  example: RawConfig;
  /** Fields holding credentials: shown only masked, never logged or exported, and kept apart from the stored
   *  config when the page keeps secrets for the session only. */
  secretFields: readonly (keyof C & string)[];
  /** Fields that are not credentials but may carry one (a webhook URL's path or query): handled as secret fields. */
  maskedFields?: readonly (keyof C & string)[];
  /** The channel's fields from a config entry, lenient (camelCase or snake_case); `parse({})` gives a new channel's. */
  parse(raw: RawConfig): ChannelFields<C>;
  /** The entry of the seed guide's shape: built from its `targets` (absent: no target). */
  seed?(targets: RawConfig): RawConfig;
  env?: EnvBinding<C>;
  /** What is missing or wrong (empty when it can send). */
  validate(channel: C): string[];
  /** The target as the log shows it, secrets masked. */
  mask(channel: C): string;
  /** The log's status of a delivery that went out, when "sent" would be wrong (a mailto: draft). */
  sentLabel?: string;
  /** What `auto` browser delivery means for this service (channels with a `delivery` field). */
  autoDelivery?: 'cors' | 'no-cors';
  form: {
    fields: readonly FormField<C>[];
    /** A line under the fields (empty: none). */
    note?(channel: C): string;
  };
  /** The message built from a batch (pure; what payloads.ts makes for this service). */
  payload(channel: C, input: MessageInput): unknown;
}

/** A channel that sends a batch as one HTTP request (with retries). */
export interface RequestChannel<C extends ChannelBase> extends ChannelCommon<C> {
  request(channel: C, input: MessageInput, ctx: SendContext): Promise<HttpRequest>;
  deliver?: undefined;
}

/** A channel that delivers a batch its own way (several requests, a mailto: draft, log lines). */
export interface SelfDeliveringChannel<C extends ChannelBase> extends ChannelCommon<C> {
  deliver(channel: C, input: MessageInput, run: DeliveryRun): Promise<Delivery[]>;
  request?: undefined;
}

export type ChannelDefinition<C extends ChannelBase> = RequestChannel<C> | SelfDeliveringChannel<C>;
