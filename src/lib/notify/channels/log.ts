// The log channel: one line per regression, to the page's console and delivery log or the CLI's stderr.
import { logLine } from '../payloads.ts';
import type { ChannelBase, ChannelDefinition } from './definition.ts';

export interface LogChannel extends ChannelBase {
  type: 'log';
}

export const log: ChannelDefinition<LogChannel> = {
  type: 'log',
  label: 'Log (this page / CLI output)',
  aliases: [],
  example: { type: 'log' },
  secretFields: [],
  parse: () => ({}),
  validate: () => [],
  mask: () => 'log',
  form: { fields: [], note: () => 'Deliveries are listed in the log below.' },
  payload: (_channel, input) => input.regressions.map((r) => logLine(r, input.commitUrl)),
  deliver: async (_channel, input, { ctx }) => {
    for (const r of input.regressions) ctx.log?.(logLine(r, input.commitUrl));
    return [
      {
        fingerprints: input.regressions.map((r) => r.fingerprint),
        ok: true,
        confirmed: true,
        retries: 0,
        lastRetryAt: null,
        error: null,
        response: `${input.regressions.length} line(s) logged`,
      },
    ];
  },
};
