// Notifications: the channel table, payloads per channel, rules, deduplication, signing, sending with retries, the log.
export * from './types.ts';
export * from './config.ts';
export * from './rules.ts';
export * from './mask.ts';
export * from './sign.ts';
export * from './payloads.ts';
export * from './send.ts';
export * from './deliver.ts';
export * from './secrets.ts';
export * from './channels/index.ts';
export type * from './channels/definition.ts';
export * from './log.ts';
export * from './notifier.ts';
export * from './store.ts';
