// `regression --notify` in the CLI: the notification config from a JSON file or environment variables.
import fs from 'node:fs';
import type { NotificationConfig } from '../lib/api/time-series-performance.ts';
import type { Regression } from '../lib/analysis/types.ts';
import { formatPercent, formatTime, shortCommit } from '../lib/format/format.ts';

export function loadNotificationConfig(file: string | undefined): NotificationConfig {
  const path = file ?? process.env.PERFTRACK_NOTIFY_CONFIG;
  if (path) return JSON.parse(fs.readFileSync(path, 'utf8')) as NotificationConfig;
  return { enabled: true, methods: ['log'] };
}

/** Sends through every configured channel; returns a one-line summary per channel. */
export async function notifyFromCli(regressions: Regression[], config: NotificationConfig, log: (text: string) => void): Promise<string> {
  if (config.enabled === false) return 'notifications disabled in the config';
  const lines: string[] = [];
  for (const method of config.methods ?? ['log']) {
    if (method === 'log') {
      for (const r of regressions) log(`[perftrack] ${r.severity} regression: ${r.label} ${r.metric} ${formatPercent(r.changePct)} since ${formatTime(r.firstBad.ts)} (${shortCommit(r.firstBad.commit)})`);
      lines.push(`log: ${regressions.length} regression(s) written`);
    } else {
      lines.push(`${method}: not sent (this channel is configured on the page's Notifications tab or with --notify-config)`);
    }
  }
  return lines.join('\n');
}
