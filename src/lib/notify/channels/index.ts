// The channel table: every notification channel, in the order the form offers them. The config reader, the
// secrets handling, the log and the form read it; adding a channel is one file in this folder and one line here.
import type { ChannelDefinition } from './definition.ts';
import { discord } from './discord.ts';
import { email } from './email.ts';
import { githubIssue } from './github_issue.ts';
import { log } from './log.ts';
import { slack } from './slack.ts';
import { teams } from './teams.ts';
import { webhook } from './webhook.ts';

export const CHANNELS = [webhook, slack, discord, teams, githubIssue, email, log] as const;

type ConfigOf<D> = D extends ChannelDefinition<infer C> ? C : never;

/** Any channel's config. */
export type ChannelConfig = ConfigOf<(typeof CHANNELS)[number]>;
export type ChannelType = ChannelConfig['type'];

/** A definition as code handling any channel sees it (its methods are only ever given channels of its type). */
export type AnyChannelDefinition = ChannelDefinition<ChannelConfig>;

export const DEFINITIONS = CHANNELS as readonly unknown[] as readonly AnyChannelDefinition[];

const BY_NAME = new Map<string, AnyChannelDefinition>(
  DEFINITIONS.flatMap((d) => [d.type, ...d.aliases].map((name) => [name, d] as const)),
);

/** The definition of a type as config files name it (its type or an alias, any case); undefined when unknown. */
export function definitionNamed(name: string): AnyChannelDefinition | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The definition of a channel's type. */
export function definitionOf<C extends ChannelConfig>(channel: C): ChannelDefinition<C> {
  return BY_NAME.get(channel.type) as unknown as ChannelDefinition<C>;
}
