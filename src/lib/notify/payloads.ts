// Message bodies per channel, built from regressions: pure functions (golden-tested), no I/O.
import { changeBasis, describeChange } from '../analysis/overview-text.ts';
import { statusCounts } from '../analysis/regression-order.ts';
import type { Regression, SamplePoint } from '../analysis/types.ts';
import { formatP, formatPercent, formatTime, formatValue, shortCommit } from '../format/format.ts';
import { escapeMarkdown } from '../report/markdown.ts';
import { commitLink } from '../format/commit-link.ts';
import { findingCompare, repositoryOfTemplate, type CompareLink } from '../format/compare-link.ts';

/** The generic webhook's JSON payload: schema name and version (bumped on incompatible changes). */
export const PAYLOAD_SCHEMA = 'perftrack.regressions';
export const PAYLOAD_VERSION = 1;

/** Chat messages list at most this many regressions, then "…and N more". */
export const MAX_LISTED = 10;

export interface MessageInput {
  regressions: Regression[];
  /** Epoch ms of sending. */
  now: number;
  /** Link back to the page (the link per regression adds metric and series). */
  viewUrl: string | null;
  test: boolean;
  /** A repository's commit URL template: commits become links (see format/commit-link.ts), and a GitHub- or
   *  GitLab-style one gives each regression a compare link from its last good to its first bad commit. */
  commitUrl?: string | null;
}

/** The compare page from the regression's last good to its first bad commit, when the template names the repository. */
export function regressionCompare(r: Regression, commitUrl?: string | null): CompareLink | null {
  return findingCompare(r, repositoryOfTemplate(commitUrl ?? ''));
}

const SEVERITY_COLOR: Record<string, number> = { critical: 0xb91c1c, high: 0xea580c, medium: 0xca8a04 };
const SEVERITY_MARK: Record<string, string> = { critical: '🔴', high: '🟠', medium: '🟡' };

/** Link to the page showing this regression's series and metric. */
export function regressionLink(viewUrl: string | null, r: Pick<Regression, 'metric' | 'seriesKey'>): string | null {
  if (!viewUrl) return null;
  try {
    const url = new URL(viewUrl);
    url.searchParams.set('metric', r.metric);
    url.searchParams.set('series', r.seriesKey);
    return url.href;
  } catch {
    return null;
  }
}

export function severityCounts(regressions: Regression[]): { critical: number; high: number; medium: number } {
  const counts = { critical: 0, high: 0, medium: 0 };
  for (const r of regressions) counts[r.severity]++;
  return counts;
}

/** "3 performance regressions (1 critical, 2 high)"; when some are no longer active, how many still are first:
 *  "3 performance regressions: 2 still active, 1 recovered (1 critical, 1 high, 1 medium)". */
export function headline(input: MessageInput): string {
  if (input.test) return 'perftrack test notification';
  const n = input.regressions.length;
  const counts = severityCounts(input.regressions);
  const parts = (['critical', 'high', 'medium'] as const).filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  const status = statusCounts(input.regressions);
  const states =
    status.active === n
      ? ''
      : `: ${status.active === 0 ? 'none' : status.active} still active${status.recovered ? `, ${status.recovered} recovered` : ''}${status.superseded ? `, ${status.superseded} superseded` : ''}`;
  return `${n} performance regression${n === 1 ? '' : 's'}${states}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** "latency +12.3% (level median 10.2 ms → 11.5 ms)": the Overview's number, named. */
function changeText(r: Regression): string {
  return `${r.metric} ${describeChange(r)}`;
}

/** "Level median before → after" (or what else the percent compares). */
function beforeAfterName(r: Regression): string {
  const basis = changeBasis(r);
  return basis === 'level medians'
    ? 'Level median before → after'
    : basis === 'baseline mean'
      ? 'Baseline mean → result'
      : 'First run → newest run';
}

/** " · _recovered since_": a status other than active, said next to the change. */
function statusNote(r: Regression): string {
  return r.status === 'recovered'
    ? ' · _recovered since_'
    : r.status === 'superseded'
      ? ' · _superseded by a later improvement_'
      : '';
}

function sinceText(r: Regression, commitUrl?: string | null): string {
  const href = commitLink(commitUrl ?? '', r.firstBad.commit);
  const commit = r.firstBad.commit ? ` · commit ${shortCommit(r.firstBad.commit)}${href ? ` (${href})` : ''}` : '';
  const version = r.firstBad.versionTag ? ` · ${r.firstBad.versionTag}` : '';
  return `since ${formatTime(r.firstBad.ts)} UTC${commit}${version}`;
}

/** A sample regression for "Send test notification": clearly labelled, never deduplicated. */
export function testRegression(now: number): Regression {
  return {
    fingerprint: 'test',
    method: 'changepoint',
    seriesKey: 'perftrack=test',
    series: { perftrack: 'test' },
    label: 'perftrack test notification',
    metric: 'latency',
    unit: 'ms',
    direction: 'lower',
    changePct: 12.5,
    severity: 'medium',
    before: 10,
    after: 11.25,
    pValue: null,
    samplesTest: null,
    noisePct: null,
    nBefore: 0,
    nAfter: 0,
    firstBad: { ts: now, value: 11.25, commit: null, versionTag: null, runGroup: null, resultId: null },
    lastGood: null,
    status: 'active',
    explanation: 'A test message from perftrack: if you can read this, the channel works. It is not a real regression.',
  };
}

// ---- generic webhook ---------------------------------------------------------------------------

function sampleJson(p: SamplePoint | null, commitUrl?: string | null) {
  if (!p) return null;
  return {
    ts: new Date(p.ts).toISOString(),
    value: p.value,
    commit: p.commit,
    commit_url: commitLink(commitUrl ?? '', p.commit),
    version_tag: p.versionTag,
    run_group: p.runGroup,
    result_id: p.resultId,
  };
}

export interface WebhookPayload {
  schema: typeof PAYLOAD_SCHEMA;
  version: typeof PAYLOAD_VERSION;
  event: 'regressions' | 'test';
  sent_at: string;
  view_url: string | null;
  summary: { count: number; critical: number; high: number; medium: number };
  regressions: Record<string, unknown>[];
}

export function webhookPayload(input: MessageInput): WebhookPayload {
  return {
    schema: PAYLOAD_SCHEMA,
    version: PAYLOAD_VERSION,
    event: input.test ? 'test' : 'regressions',
    sent_at: new Date(input.now).toISOString(),
    view_url: input.viewUrl,
    summary: { count: input.regressions.length, ...severityCounts(input.regressions) },
    regressions: input.regressions.map((r) => ({
      fingerprint: r.fingerprint,
      series_key: r.seriesKey,
      series_label: r.label,
      series: r.series,
      metric: r.metric,
      unit: r.unit,
      direction: r.direction,
      before: r.before,
      after: r.after,
      change_pct: r.changePct,
      severity: r.severity,
      status: r.status,
      method: r.method,
      p_value: r.pValue,
      noise_pct: r.noisePct,
      first_bad: sampleJson(r.firstBad, input.commitUrl),
      last_good: sampleJson(r.lastGood, input.commitUrl),
      compare_url: regressionCompare(r, input.commitUrl)?.url ?? null,
      explanation: r.explanation,
      link: regressionLink(input.viewUrl, r),
    })),
  };
}

// ---- Slack (Block Kit) -------------------------------------------------------------------------

/** Slack mrkdwn: only &, < and > are control characters. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slackLink(url: string, text: string): string {
  return `<${url.replace(/[|>]/g, encodeURIComponent)}|${slackEscape(text).replace(/\|/g, '¦')}>`;
}

export function slackMessage(input: MessageInput): Record<string, unknown> {
  const title = headline(input);
  const listed = input.regressions.slice(0, MAX_LISTED);
  const blocks: Record<string, unknown>[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: `${input.test ? '🔔' : '📉'} ${title}`.slice(0, 150), emoji: true },
    },
  ];
  for (const r of listed) {
    const link = regressionLink(input.viewUrl, r);
    const name = link ? slackLink(link, r.label) : `*${slackEscape(r.label)}*`;
    const compare = regressionCompare(r, input.commitUrl);
    const lines = [
      `${SEVERITY_MARK[r.severity]} *${r.severity}* · ${name}`,
      slackEscape(changeText(r)),
      slackEscape(sinceText(r, input.commitUrl)) + statusNote(r),
      ...(compare ? [`Last good…first bad: ${slackLink(compare.url, compare.text)}`] : []),
    ];
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } });
  }
  const footer: string[] = [];
  if (input.regressions.length > listed.length) footer.push(`…and ${input.regressions.length - listed.length} more`);
  if (input.viewUrl) footer.push(slackLink(input.viewUrl, 'Open in perftrack'));
  footer.push(input.test ? 'sent by perftrack (test)' : 'sent by perftrack');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: footer.join(' · ') }] });
  // `text` is the notification and accessibility fallback of a Block Kit message.
  return { text: title, blocks };
}

// ---- Discord (embeds) --------------------------------------------------------------------------

/** Discord markdown control characters. */
export function discordEscape(text: string): string {
  return text.replace(/([\\*_~`|>[\]])/g, '\\$1');
}

function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function discordMessage(input: MessageInput): Record<string, unknown> {
  const listed = input.regressions.slice(0, MAX_LISTED);
  const more = input.regressions.length - listed.length;
  return {
    username: 'perftrack',
    content: cut(
      `**${discordEscape(headline(input))}**${more > 0 ? ` — showing ${listed.length}, ${more} more` : ''}`,
      2000,
    ),
    // Never ping anyone from data-derived text.
    allowed_mentions: { parse: [] },
    embeds: listed.map((r) => {
      const link = regressionLink(input.viewUrl, r);
      const compare = regressionCompare(r, input.commitUrl);
      return {
        title: cut(`${r.severity}: ${r.metric} ${formatPercent(r.changePct)} — ${r.label}`, 256),
        ...(link ? { url: link } : {}),
        color: SEVERITY_COLOR[r.severity],
        description: cut(discordEscape(r.explanation), 1000),
        fields: [
          {
            name: beforeAfterName(r),
            value: cut(`${formatValue(r.before, r.unit)} → ${formatValue(r.after, r.unit)}`, 1024),
            inline: true,
          },
          { name: 'Since', value: `${formatTime(r.firstBad.ts)} UTC`, inline: true },
          {
            name: 'First bad commit',
            value: r.firstBad.commit ? `\`${shortCommit(r.firstBad.commit)}\`` : '—',
            inline: true,
          },
          ...(compare
            ? [{ name: 'Last good…first bad', value: `[${compare.text}](${compare.url})`, inline: true }]
            : []),
        ],
        footer: { text: `perftrack · ${r.status} · ${r.fingerprint}` },
        timestamp: new Date(r.firstBad.ts).toISOString(),
      };
    }),
  };
}

// ---- Microsoft Teams (Adaptive Card in a message, as Workflows webhooks take it) ----------------

export function teamsMessage(input: MessageInput): Record<string, unknown> {
  const listed = input.regressions.slice(0, MAX_LISTED);
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, text: headline(input) },
  ];
  for (const r of listed) {
    const compare = regressionCompare(r, input.commitUrl);
    body.push({
      type: 'Container',
      separator: true,
      items: [
        {
          type: 'TextBlock',
          weight: 'Bolder',
          wrap: true,
          color: r.severity === 'medium' ? 'Warning' : 'Attention',
          text: `${r.severity}: ${r.metric} ${formatPercent(r.changePct)}`,
        },
        { type: 'TextBlock', wrap: true, isSubtle: true, spacing: 'None', text: r.label },
        {
          type: 'FactSet',
          facts: [
            { title: beforeAfterName(r), value: `${formatValue(r.before, r.unit)} → ${formatValue(r.after, r.unit)}` },
            { title: 'Since', value: `${formatTime(r.firstBad.ts)} UTC` },
            { title: 'First bad commit', value: shortCommit(r.firstBad.commit) },
            ...(compare ? [{ title: 'Last good…first bad', value: `[${compare.text}](${compare.url})` }] : []),
            { title: 'Status', value: r.status },
          ],
        },
      ],
    });
  }
  if (input.regressions.length > listed.length)
    body.push({
      type: 'TextBlock',
      wrap: true,
      isSubtle: true,
      text: `…and ${input.regressions.length - listed.length} more`,
    });
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    msteams: { width: 'Full' },
    body,
  };
  if (input.viewUrl) card.actions = [{ type: 'Action.OpenUrl', title: 'Open in perftrack', url: input.viewUrl }];
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  };
}

// ---- GitHub issues -----------------------------------------------------------------------------

/** The marker that ties an issue to a regression, so a later run comments instead of opening a duplicate. */
export function fingerprintMarker(fingerprint: string): string {
  return `<!-- perftrack:fingerprint=${fingerprint} -->`;
}

/** A code span holding `text` as it is (a fence longer than any run of backticks in it); in a table a pipe is escaped. */
export function codeSpan(text: string, inTable = false): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const fence = '`'.repeat(Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${inTable ? flat.replace(/\|/g, '\\|') : flat}${pad}${fence}`;
}

/** Text from the data in a GitHub body: escaped Markdown, or — when it holds an @ — a code span, where GitHub
 *  turns no @name into a mention (a backslash before @ does not stop one). */
export function githubText(text: string, inTable = false): string {
  return text.includes('@') ? codeSpan(text, inTable) : escapeMarkdown(text);
}

/** A unit shown after a number in a GitHub body: only plain ones (others are in the Metric row, as code). */
function inlineUnit(unit: string | null | undefined): string | undefined {
  return unit && !/[@`|*_<>[\]#\\&]/.test(unit) ? unit : undefined;
}

export function issueTitle(r: Regression): string {
  return cut(`Performance regression: ${r.metric} ${formatPercent(r.changePct)} on ${r.label}`, 200);
}

function sampleLine(p: SamplePoint | null, unit: string, commitUrl?: string | null): string {
  if (!p) return '—';
  const parts = [`${formatTime(p.ts)} UTC`, formatValue(p.value, inlineUnit(unit))];
  const href = commitLink(commitUrl ?? '', p.commit);
  if (p.commit) parts.push(`commit ${href ? `[${codeSpan(p.commit, true)}](${href})` : codeSpan(p.commit, true)}`);
  if (p.versionTag) parts.push(`version ${githubText(p.versionTag, true)}`);
  if (p.runGroup) parts.push(`run ${githubText(p.runGroup, true)}`);
  if (p.resultId !== null) parts.push(`result #${p.resultId}`);
  return parts.join(' · ');
}

export function issueBody(r: Regression, viewUrl: string | null, commitUrl?: string | null): string {
  const link = regressionLink(viewUrl, r);
  const better = r.direction === 'lower' ? 'lower is better' : 'higher is better';
  const evidence = [`method ${r.method}`];
  if (r.pValue !== null) evidence.push(`p = ${formatP(r.pValue)}`);
  if (r.noisePct !== null) evidence.push(`noise ±${r.noisePct.toFixed(1)}%`);
  if (r.samplesTest) evidence.push(`raw samples: Mann–Whitney p = ${formatP(r.samplesTest.pMannWhitney)}`);
  const compare = regressionCompare(r, commitUrl);
  const lines = [
    fingerprintMarker(r.fingerprint),
    `**${r.severity}** regression of **${githubText(r.metric)}** on ${codeSpan(r.label)}: ${formatValue(r.before, inlineUnit(r.unit))} → ${formatValue(r.after, inlineUnit(r.unit))} (${formatPercent(r.changePct)}).`,
    '',
    '| | |',
    '| --- | --- |',
    `| Series | ${githubText(r.label, true)} |`,
    `| Metric | ${githubText(r.metric, true)}${r.unit ? ` (${githubText(r.unit, true)})` : ''}, ${better} |`,
    `| Change | ${describeChange({ ...r, unit: inlineUnit(r.unit) ?? '' })} |`,
    `| Severity | ${r.severity} |`,
    `| First bad sample | ${sampleLine(r.firstBad, r.unit, commitUrl)} |`,
    `| Last good sample | ${sampleLine(r.lastGood, r.unit, commitUrl)} |`,
    ...(compare ? [`| Last good…first bad | [${compare.text}](${compare.url}) |`] : []),
    `| Evidence | ${evidence.join(', ')} |`,
    `| Status | ${r.status} |`,
    '',
    githubText(r.explanation),
    '',
  ];
  if (link) lines.push(`[Open this series in perftrack](${link.replace(/[()\s]/g, encodeURIComponent)})`, '');
  lines.push(
    `<sub>Opened by perftrack. Fingerprint \`${r.fingerprint}\`: later runs comment here instead of opening a new issue.</sub>`,
  );
  return lines.join('\n');
}

export function issueComment(r: Regression, now: number): string {
  return [
    `perftrack saw this regression again (${formatTime(now)} UTC): ${githubText(r.metric)} ${formatPercent(r.changePct)}, ${formatValue(r.before, inlineUnit(r.unit))} → ${formatValue(r.after, inlineUnit(r.unit))}, status **${r.status}**.`,
    '',
    `First bad sample: ${sampleLine(r.firstBad, r.unit)}.`,
  ].join('\n');
}

// ---- email (mailto: draft) ---------------------------------------------------------------------

/** Keep a draft link within what mail clients reliably open (~2000 characters of URL). */
const MAX_MAILTO_BODY = 1500;

function encodeAddress(address: string): string {
  return encodeURIComponent(address.trim()).replace(/%40/g, '@');
}

export function emailDraft(to: string[], input: MessageInput): { href: string; subject: string; body: string } {
  const worst = input.regressions[0];
  const subject = input.test
    ? '[perftrack] test notification'
    : `[perftrack] ${headline(input)}${worst ? ` — worst${worst.status === 'active' ? ' active' : ''}: ${worst.metric} ${formatPercent(worst.changePct)} on ${worst.label}${worst.status === 'active' ? '' : ` (${worst.status})`}` : ''}`;
  const lines: string[] = [
    input.test ? 'A test message from perftrack: the email channel works.' : `${headline(input)}:`,
    '',
  ];
  let listed = 0;
  for (const r of input.regressions) {
    const block = [`- ${r.severity}: ${r.label}`, `  ${changeText(r)}`, `  ${sinceText(r, input.commitUrl)}`];
    const compare = regressionCompare(r, input.commitUrl);
    if (compare) block.push(`  last good…first bad: ${compare.url}`);
    const link = regressionLink(input.viewUrl, r);
    if (link) block.push(`  ${link}`);
    if (lines.join('\n').length + block.join('\n').length > MAX_MAILTO_BODY) break;
    lines.push(...block);
    listed++;
  }
  if (listed < input.regressions.length)
    lines.push(`…and ${input.regressions.length - listed} more${input.viewUrl ? `: ${input.viewUrl}` : ''}`);
  lines.push('', '— perftrack');
  const body = lines.join('\r\n');
  const href = `mailto:${to.map(encodeAddress).join(',')}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  return { href, subject, body };
}

// ---- log ---------------------------------------------------------------------------------------

export function logLine(r: Regression, commitUrl?: string | null): string {
  const compare = regressionCompare(r, commitUrl);
  return `[perftrack] ${r.severity} regression: ${r.label} ${changeText(r)} ${sinceText(r, commitUrl)}${compare ? ` · last good…first bad ${compare.url}` : ''}`;
}
