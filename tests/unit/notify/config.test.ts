// Config parsing (ours, the seed's shape, environment variables), rules and masking.
import { describe, expect, it } from 'vitest';
import { applyEnv, channelProblems, defaultConfig, parseNotifyConfig } from '../../../src/lib/notify/config.ts';
import { withoutSecrets } from '../../../src/lib/notify/secrets.ts';
import { maskSecret, maskUrl, redact } from '../../../src/lib/notify/mask.ts';
import {
  DEFAULT_RULES,
  matchesRules,
  selectForChannel,
  seriesMatches,
  dedupeKey,
} from '../../../src/lib/notify/rules.ts';
import { SAMPLES } from './helpers.ts';

describe('config', () => {
  it('maps the seed guide shape to channels', () => {
    const config = parseNotifyConfig({
      enabled: true,
      methods: ['log', 'email', 'slack', 'github_issue', 'webhook'],
      targets: {
        email: ['perf@example.org'],
        slack: 'https://hooks.slack.com/services/T1/B2/abc123abc123',
        github: { repo: 'acme/bench', token: 'ghp_abcdefghijklmnopqrstuvwxyz0123', labels: ['perf'] },
        webhook: 'https://hooks.example.org/perftrack',
      },
    });
    expect(config.channels.map((c) => [c.id, c.type])).toEqual([
      ['log', 'log'],
      ['email', 'email'],
      ['slack', 'slack'],
      ['github_issue', 'github_issue'],
      ['webhook', 'webhook'],
    ]);
    expect(config.channels[1]).toMatchObject({ to: ['perf@example.org'] });
    expect(config.channels[3]).toMatchObject({
      repo: 'acme/bench',
      labels: ['perf'],
      apiBase: 'https://api.github.com',
    });
    expect(config.channels.every((c) => channelProblems(c).length === 0)).toBe(true);
  });

  it('defaults github labels and api base, and validates', () => {
    const config = parseNotifyConfig({
      channels: [
        { type: 'github', repo: 'nope' },
        { type: 'email', to: 'a@b.c, not-an-address' },
        { type: 'webhook', url: 'ftp://x', secret: 'k', delivery: 'no-cors' },
      ],
    });
    expect(config.channels[0]).toMatchObject({
      labels: ['regression', 'performance'],
      apiBase: 'https://api.github.com',
    });
    expect(channelProblems(config.channels[0])).toEqual([
      'the repository must be owner/name',
      'a token is needed (fine-grained, with Issues: read and write)',
    ]);
    expect(channelProblems(config.channels[1])).toEqual(['"not-an-address" is not an email address']);
    expect(channelProblems(config.channels[2])).toHaveLength(2);
  });

  it('fills channels from environment variables', () => {
    const config = applyEnv(
      { ...defaultConfig(), channels: [] },
      {
        PERFTRACK_WEBHOOK_URL: 'https://hooks.example.org/x',
        PERFTRACK_WEBHOOK_SECRET: 'sek',
        PERFTRACK_SLACK_WEBHOOK: 'https://hooks.slack.com/services/T/B/C',
        PERFTRACK_DISCORD_WEBHOOK: 'https://discord.com/api/webhooks/1/abc',
        PERFTRACK_TEAMS_WEBHOOK:
          'https://prod-00.westus.logic.azure.com/workflows/1/triggers/manual/paths/invoke?sig=x',
        PERFTRACK_GITHUB_TOKEN: 'ghp_x',
        PERFTRACK_GITHUB_REPO: 'acme/bench',
        PERFTRACK_GITHUB_API: 'https://ghe.example.org/api/v3',
        PERFTRACK_NOTIFY_MIN_SEVERITY: 'high',
        PERFTRACK_VIEW_URL: 'https://perf.example.org/',
        PERFTRACK_COMMIT_URL: 'https://github.com/acme/bench/commit/{commit}',
      },
    );
    expect(config.channels.map((c) => c.type)).toEqual(['webhook', 'slack', 'discord', 'teams', 'github_issue']);
    expect(config.channels[0]).toMatchObject({ url: 'https://hooks.example.org/x', secret: 'sek' });
    expect(config.channels[4]).toMatchObject({
      repo: 'acme/bench',
      token: 'ghp_x',
      apiBase: 'https://ghe.example.org/api/v3',
    });
    expect(config.rules.minSeverity).toBe('high');
    expect(config.viewUrl).toBe('https://perf.example.org/');
    expect(config.commitUrl).toBe('https://github.com/acme/bench/commit/{commit}');
    expect(parseNotifyConfig({ commit_url: 'javascript:alert(1)//{commit}' }).commitUrl).toBeNull();
  });

  it('a config without secrets shows only that they are set', () => {
    const config = parseNotifyConfig({
      channels: [
        { type: 'slack', url: 'https://hooks.slack.com/services/T/B/SECRET' },
        { type: 'github', repo: 'a/b', token: 'ghp_SECRET' },
      ],
    });
    expect(JSON.stringify(withoutSecrets(config))).not.toContain('SECRET');
  });
});

describe('rules and deduplication', () => {
  it('filters by severity, metric, series and recovery', () => {
    expect(SAMPLES.filter((r) => matchesRules(r, DEFAULT_RULES)).map((r) => r.metric)).toEqual([
      'latency',
      'throughput',
    ]);
    expect(SAMPLES.filter((r) => matchesRules(r, { ...DEFAULT_RULES, includeRecovered: true })).length).toBe(3);
    expect(
      SAMPLES.filter((r) => matchesRules(r, { ...DEFAULT_RULES, minSeverity: 'critical' })).map((r) => r.metric),
    ).toEqual(['throughput']);
    expect(
      SAMPLES.filter((r) => matchesRules(r, { ...DEFAULT_RULES, metrics: ['Latency'] })).map((r) => r.metric),
    ).toEqual(['latency']);
    expect(
      SAMPLES.filter((r) => matchesRules(r, { ...DEFAULT_RULES, series: ['hardware=CPU'] })).map((r) => r.metric),
    ).toEqual(['throughput']);
    expect(SAMPLES.filter((r) => matchesRules(r, { ...DEFAULT_RULES, series: ['bert'] })).map((r) => r.metric)).toEqual(
      ['latency'],
    );
    expect(seriesMatches(SAMPLES[0], 'precision=fp16')).toBe(false);
  });

  it('sends each fingerprint once per channel unless new-only is off', () => {
    const notified = { [dedupeKey('slack', SAMPLES[0].fingerprint)]: '2025-06-01T00:00:00Z' };
    const a = selectForChannel(SAMPLES, DEFAULT_RULES, 'slack', notified);
    expect(a.send.map((r) => r.fingerprint)).toEqual([SAMPLES[1].fingerprint]);
    expect(a).toMatchObject({ alreadyNotified: 1, filteredOut: 1 });
    expect(selectForChannel(SAMPLES, DEFAULT_RULES, 'discord', notified).send).toHaveLength(2);
    expect(selectForChannel(SAMPLES, { ...DEFAULT_RULES, newOnly: false }, 'slack', notified).send).toHaveLength(2);
  });
});

describe('masking', () => {
  it('masks webhook URLs, tokens and secrets inside texts', () => {
    expect(maskUrl('https://hooks.slack.com/services/T0AB/B0CD/XyZsecretsecret')).toBe(
      'https://hooks.slack.com/…/XyZs•••',
    );
    expect(maskUrl('https://x.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=1&sig=abc')).toBe(
      'https://x.logic.azure.com/…/invo•••?…',
    );
    expect(maskSecret('ghp_0123456789abcdef')).toBe('ghp_•••');
    expect(maskSecret('short')).toBe('•••');
    const text = redact(
      'failed POST https://hooks.slack.com/services/T/B/zzz and token ghp_abcdefghijklmnopqrstuvwx and s3cr3t-value',
      ['s3cr3t-value'],
    );
    expect(text).toBe('failed POST https://hooks.slack.com/…/zzz••• and token ghp_••• and s3cr•••');
  });
});
