// Golden payloads per channel, built from fixed regressions: what each service receives, byte for byte.
import { describe, expect, it } from 'vitest';
import { sortForMessage } from '../../../src/lib/notify/rules.ts';
import {
  discordMessage,
  emailDraft,
  fingerprintMarker,
  issueBody,
  issueComment,
  issueTitle,
  MAX_LISTED,
  PAYLOAD_SCHEMA,
  PAYLOAD_VERSION,
  regressionLink,
  slackMessage,
  teamsMessage,
  testRegression,
  webhookPayload,
  type MessageInput,
} from '../../../src/lib/notify/payloads.ts';
import { expectGolden, NOW, SAMPLES, VIEW } from './helpers.ts';

const input: MessageInput = { regressions: sortForMessage(SAMPLES), now: NOW, viewUrl: VIEW, test: false };
const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

describe('payload builders', () => {
  it('generic webhook: versioned JSON with every regression field and a link back', () => {
    const payload = webhookPayload(input);
    expect(payload.schema).toBe(PAYLOAD_SCHEMA);
    expect(payload.version).toBe(PAYLOAD_VERSION);
    expect(payload.summary).toEqual({ count: 3, critical: 1, high: 1, medium: 1 });
    expect(payload.regressions[0]).toMatchObject({
      severity: 'critical',
      metric: 'throughput',
      change_pct: -31.5,
      before: 200,
      after: 137,
    });
    expect(payload.regressions[1].first_bad).toMatchObject({
      commit: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
      result_id: 4711,
    });
    expectGolden('webhook.json', json(payload));
  });

  it('Slack: Block Kit with a text fallback, mrkdwn escaped', () => {
    const message = slackMessage(input) as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(message.text).toBe('3 performance regressions: 2 still active, 1 recovered (1 critical, 1 high, 1 medium)');
    expect(message.blocks[0].type).toBe('header');
    // <, > and & of the label must not become Slack markup.
    expect(message.blocks[1].text!.text).toContain('&lt;fast¦path&gt; &amp; *more*');
    expectGolden('slack.json', json(message));
  });

  it('Discord: one embed per regression, no mentions, limits respected', () => {
    const message = discordMessage(input) as { embeds: { title: string; color: number }[]; allowed_mentions: unknown };
    expect(message.embeds).toHaveLength(3);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.embeds[0].color).toBe(0xb91c1c);
    expectGolden('discord.json', json(message));
  });

  it('Teams: an Adaptive Card inside a message with attachments', () => {
    const message = teamsMessage(input) as {
      type: string;
      attachments: { contentType: string; content: { type: string; version: string } }[];
    };
    expect(message.type).toBe('message');
    expect(message.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(message.attachments[0].content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expectGolden('teams.json', json(message));
  });

  it('GitHub: title, body with the fingerprint marker, comment', () => {
    const r = input.regressions[1];
    const body = issueBody(r, VIEW);
    expect(body.startsWith(fingerprintMarker(r.fingerprint))).toBe(true);
    expect(issueTitle(r)).toBe('Performance regression: latency +20.0% on bert-base · cuda · batch 8');
    expectGolden('github-issue.md', `# ${issueTitle(r)}\n\n${body}\n`);
    expectGolden('github-comment.md', issueComment(r, NOW) + '\n');
  });

  it('email: a mailto: draft with encoded subject and body', () => {
    const draft = emailDraft(['perf-team@example.org', 'ops+alerts@example.org'], input);
    expect(draft.href.startsWith('mailto:perf-team@example.org,ops%2Balerts@example.org?subject=')).toBe(true);
    const url = new URL(draft.href);
    expect(url.searchParams.get('subject')).toBe(draft.subject);
    expect(decodeURIComponent(draft.href.split('&body=')[1])).toBe(draft.body);
    expect(draft.body).toContain('\r\n');
    expectGolden('email.txt', `${draft.href}\n\nSubject: ${draft.subject}\n\n${draft.body.replace(/\r\n/g, '\n')}\n`);
  });

  it('test messages are labelled as tests', () => {
    const test = { regressions: [testRegression(NOW)], now: NOW, viewUrl: null, test: true };
    expect(webhookPayload(test).event).toBe('test');
    expect((slackMessage(test) as { text: string }).text).toBe('perftrack test notification');
    expectGolden('webhook-test.json', json(webhookPayload(test)));
  });

  it('long batches list the worst first and say how many more there are', () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ ...SAMPLES[0], fingerprint: `fp${i}`, changePct: 16 + i }));
    const slack = slackMessage({ regressions: sortForMessage(many), now: NOW, viewUrl: null, test: false }) as {
      blocks: { type: string; elements?: { text: string }[] }[];
    };
    expect(slack.blocks.filter((b) => b.type === 'section')).toHaveLength(MAX_LISTED);
    expect(slack.blocks.at(-1)!.elements![0].text).toContain('…and 4 more');
    const discord = discordMessage({ regressions: many, now: NOW, viewUrl: null, test: false }) as {
      embeds: unknown[];
      content: string;
    };
    expect(discord.embeds).toHaveLength(10);
    expect(discord.content).toContain('4 more');
  });

  it('links add the metric and series to the view URL', () => {
    const link = regressionLink(VIEW, SAMPLES[0])!;
    const url = new URL(link);
    expect(url.searchParams.getAll('source')).toEqual(['https://data.example.org/bench.duckdb']);
    expect(url.searchParams.get('metric')).toBe('latency');
    expect(url.searchParams.get('series')).toBe(SAMPLES[0].seriesKey);
    expect(regressionLink(null, SAMPLES[0])).toBeNull();
  });
});

describe('GitHub mentions', () => {
  /** The body with code spans and HTML comments taken out: what GitHub scans for @mentions. */
  function outsideCode(markdown: string): string {
    return markdown.replace(/<!--[\s\S]*?-->/g, '').replace(/(`+)[\s\S]*?\1/g, '');
  }

  it('a name holding @octocat reaches an issue body or comment only inside a code span', async () => {
    const { issueBody, issueComment, codeSpan } = await import('../../../src/lib/notify/payloads.ts');
    const { SAMPLES, NOW } = await import('./helpers.ts');
    const r = {
      ...SAMPLES[0],
      label: 'model=@octocat/bert | hw=`cuda`',
      metric: 'latency@team',
      unit: 'ms @p99',
      explanation: 'Shifted on @octocat/bert after commit abc.',
      firstBad: { ...SAMPLES[0].firstBad, versionTag: 'v1.0@octocat', runGroup: 'run by @someone', commit: 'abc`@x' },
    };
    for (const text of [issueBody(r, 'https://perf.example.org/'), issueComment(r, NOW)]) {
      expect(text).toContain('@octocat');
      expect(outsideCode(text)).not.toContain('@');
    }
    expect(codeSpan('a `b` c')).toBe('``a `b` c``');
    expect(codeSpan('`x')).toBe('`` `x ``');
    expect(codeSpan('a|b', true)).toBe('`a\\|b`');
  });

  it('commits become links through the repository template', () => {
    const linked: MessageInput = { ...input, commitUrl: 'https://github.com/acme/bench/commit/{commit}' };
    const first = linked.regressions[0].firstBad.commit!;
    const url = `https://github.com/acme/bench/commit/${first}`;
    expect((webhookPayload(linked).regressions[0].first_bad as { commit_url: string }).commit_url).toBe(url);
    expect(JSON.stringify(slackMessage(linked))).toContain(url);
    expect(issueBody(linked.regressions[0], VIEW, linked.commitUrl)).toContain(`](${url})`);
    expect((webhookPayload(input).regressions[0].first_bad as { commit_url: string | null }).commit_url).toBeNull();
  });
});
