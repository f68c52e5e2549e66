// The pull-request comment of `perftrack check`: the summary line first, then the worse and the better series as
// tables, the in-line and inconclusive ones collapsed, new and removed benchmarks as short lists, and a link per
// series to the published page. It fits GitHub's comment limit for any suite size: what does not fit is counted,
// never cut mid-row. Every text that comes from the data (labels, metrics, units, branches) is escaped so that it
// cannot break a table, add markup or mention anyone.
import { DEFAULT_SETTINGS } from '../analysis/settings.ts';
import { sortVerdicts, type PrCheckResult, type PrUnmatched, type PrVerdict } from '../analysis/pr-check.ts';
import { formatPercent, formatValue, shortCommit } from '../format/format.ts';
import { encodeViewState } from '../share/view-state.ts';

/** The comment's first line: how `perftrack comment` finds the comment to update. */
export const PR_COMMENT_MARKER = '<!-- perftrack check -->';

/** Below GitHub's 65,536: room for what a workflow adds around the body. */
export const PR_COMMENT_MAX_CHARS = 60_000;
/** For the job summary, which GitHub takes up to 1 MiB: a UTF-16 unit is at most 3 bytes of UTF-8. */
export const JOB_SUMMARY_MAX_CHARS = 300_000;

export interface PrCommentOptions {
  /** The published site (perftrack publish): each series links to its chart there. */
  siteUrl?: string | null;
  /** At most this many characters (default 60,000). */
  maxChars?: number;
  /** Where the rows left out are all listed, as Markdown (default: `perftrack check --format json`). */
  fullList?: string;
}

/** Text from the data shown as text: characters Markdown or HTML would act on become character references, and
 *  line breaks spaces. Long text is cut (with "…"): a name is there to be recognised. */
export function escapeCommentText(text: string, max = 500): string {
  const flat = text.replace(/\p{Cc}+/gu, ' ');
  // Cut between characters, not inside a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(flat[max - 2] ?? '') ? max - 2 : max - 1;
  const cut = flat.length > max ? `${flat.slice(0, end)}…` : flat;
  return cut.replace(/[&<>|`\\*_[\]~#!]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Data text in a code span: shown as written, and GitHub neither links nor mentions inside code. */
function code(text: string, max?: number): string {
  return `<code>${escapeCommentText(text, max)}</code>`;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The published page's link to one series: the view the page encodes in its hash (src/lib/share/view-state.ts),
 *  with no source named, so the site opens its own history. Null when the series cannot travel in a link. */
export function seriesPageUrl(siteUrl: string, seriesKey: string, metric: string): string | null {
  const url = siteBase(siteUrl);
  // The limits decodeLink holds a link's selected series and metric to.
  if (seriesKey.length > 2000 || metric.length === 0 || metric.length > 500) return null;
  url.hash = encodeViewState(
    {
      sources: [],
      tab: 'explore',
      metric,
      filter: {},
      search: '',
      selected: [seriesKey],
      range: { from: null, to: null },
      facet: null,
      logScale: false,
      settings: DEFAULT_SETTINGS,
      compare: null,
      localFiles: [],
    },
    DEFAULT_SETTINGS,
  );
  return url.href;
}

function siteBase(siteUrl: string): URL {
  let url: URL;
  try {
    url = new URL(siteUrl);
  } catch {
    throw new Error(`the site URL "${siteUrl}" is not a URL (give the published page's address, https://…)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`the site URL "${siteUrl}" must start with https:// or http://`);
  url.hash = '';
  return url;
}

/** A size without a direction: "2.0%"; a detectable change, either way: "±2.0%". */
const percent = (pct: number) => formatPercent(Math.abs(pct)).replace(/^\+/, '');
const detectable = (pct: number | null) => (pct === null ? '—' : `±${percent(pct)}`);

/** A block of the comment: its rows are shown while they fit; `render(k)` is the block with its first k rows. */
interface Block {
  total: number;
  render(shown: number): string;
}

/** Row i made when it is first asked for: of 10,000 series, the few hundred that fit (links take a deflate each). */
function lazy<T>(items: readonly T[], make: (item: T) => string): (i: number) => string {
  const made: string[] = [];
  return (i) => (made[i] ??= make(items[i]));
}

function tableBlock<T>(
  heading: string,
  columns: string[],
  items: readonly T[],
  cells: (item: T) => string[],
  collapsed: boolean,
  noun: string,
  fullList: string,
): Block {
  const line = (row: string[]) => `| ${row.join(' | ')} |`;
  const head = [line(columns), `|${columns.map(() => ' --- ').join('|')}|`];
  const row = lazy(items, (item) => line(cells(item)));
  return {
    total: items.length,
    render(shown) {
      const more = items.length - shown;
      if (shown === 0) return `… ${count(more)} ${noun} not shown (all are in ${fullList})`;
      const note = more ? `\n\n… ${count(more)} more ${noun} not shown (all are in ${fullList})` : '';
      const table = [...head, ...Array.from({ length: shown }, (_, i) => row(i))].join('\n');
      return collapsed
        ? `<details><summary>${heading}</summary>\n\n${table}${note}\n\n</details>`
        : `${heading}\n\n${table}${note}`;
    },
  };
}

function listBlock<T>(
  heading: string,
  items: readonly T[],
  text: (item: T) => string,
  noun: string,
  fullList: string,
): Block {
  const item = lazy(items, (u) => `- ${text(u)}`);
  return {
    total: items.length,
    render(shown) {
      const more = items.length - shown;
      if (shown === 0) return `… ${count(more)} ${noun} not shown (all are in ${fullList})`;
      const note = more ? `\n- … ${count(more)} more ${noun} not shown (all are in ${fullList})` : '';
      const list = Array.from({ length: shown }, (_, i) => item(i)).join('\n');
      return `<details><summary>${heading}</summary>\n\n${list}${note}\n\n</details>`;
    },
  };
}

/** The comment for a check's result; at most `maxChars` characters whatever the number of series. */
export function prCommentMarkdown(result: PrCheckResult, options: PrCommentOptions = {}): string {
  const maxChars = options.maxChars ?? PR_COMMENT_MAX_CHARS;
  const fullList = options.fullList ?? '`perftrack check --format json`';
  const site = options.siteUrl ? siteBase(options.siteUrl).href : null;
  // The CLI's order (worst first), split by verdict.
  const sorted = sortVerdicts(result.verdicts);
  const of = (word: PrVerdict['verdict']) => sorted.filter((v) => v.verdict === word);
  const [worse, better, inLine, inconclusive] = [of('worse'), of('better'), of('in line'), of('inconclusive')];

  const header = [
    PR_COMMENT_MARKER,
    summaryLine(result, worse.length, better.length, inLine.length, inconclusive.length),
  ];
  if (result.base.note) header.push('', escapeCommentText(result.base.note, 1000));
  if (!result.noBase && result.verdicts.length)
    header.push(
      '',
      `_Worse or better: a change the base's own noise cannot explain (at most ${percent(result.alpha * 100)} false alarms over all ${count(result.tests)} series). In line: any change is under ${percent(result.thresholdPct)}, and one of ${percent(result.thresholdPct)} would have shown._`,
    );

  const link = (v: { seriesKey: string; metric: string }) => {
    const href = site ? seriesPageUrl(site, v.seriesKey, v.metric) : null;
    return href ? `[chart](<${href.replace(/[<>\s]/g, encodeURIComponent)}>)` : '—';
  };
  const linkColumn = site ? ['page'] : [];
  // The change is bold in the worse and better tables, where it is the finding.
  const cells = (v: PrVerdict, { bold = false, extra = [] as string[] } = {}) => [
    code(v.label),
    code(v.metric, 200),
    escapeCommentText(formatValue(v.baseValue, v.unit)),
    escapeCommentText(formatValue(v.headValue, v.unit)),
    bold ? `**${formatPercent(v.changePct)}**` : formatPercent(v.changePct),
    detectable(v.detectablePct),
    ...extra,
    ...(site ? [link(v)] : []),
  ];
  const columns = ['series', 'metric', 'base', 'head', 'change', 'smallest detectable'];
  // A removed benchmark has its history on the site; a new one is not there yet.
  const unmatched = (u: PrUnmatched, linked: boolean) =>
    `${code(u.label)} · ${code(u.metric, 200)}: ${escapeCommentText(formatValue(u.value, u.unit))}${site && linked ? ` · ${link(u)}` : ''}`;

  const blocks: Block[] = [];
  if (worse.length)
    blocks.push(
      tableBlock(
        `### ${count(worse.length)} worse`,
        [...columns, ...linkColumn],
        worse,
        (v) => cells(v, { bold: true }),
        false,
        'worse',
        fullList,
      ),
    );
  if (better.length)
    blocks.push(
      tableBlock(
        `### ${count(better.length)} better`,
        [...columns, ...linkColumn],
        better,
        (v) => cells(v, { bold: true }),
        false,
        'better',
        fullList,
      ),
    );
  if (inconclusive.length)
    blocks.push(
      tableBlock(
        `${count(inconclusive.length)} inconclusive (too noisy to tell yet)`,
        [...columns, 'head runs to settle', ...linkColumn],
        inconclusive,
        (v) => cells(v, { extra: [runsNeeded(v)] }),
        true,
        'inconclusive',
        fullList,
      ),
    );
  if (inLine.length)
    blocks.push(
      tableBlock(
        `${count(inLine.length)} in line`,
        [...columns, ...linkColumn],
        inLine,
        (v) => cells(v),
        true,
        'in line',
        fullList,
      ),
    );
  const added = [...result.added].sort((a, b) => a.label.localeCompare(b.label));
  const removed = [...result.removed].sort((a, b) => a.label.localeCompare(b.label));
  if (added.length)
    blocks.push(
      listBlock(`${count(added.length)} new (no base to compare)`, added, (u) => unmatched(u, false), 'new', fullList),
    );
  if (removed.length)
    blocks.push(
      listBlock(
        `${count(removed.length)} removed (in the base only)`,
        removed,
        (u) => unmatched(u, true),
        'removed',
        fullList,
      ),
    );

  return fit(header.join('\n'), blocks, maxChars);
}

function runsNeeded(v: PrVerdict): string {
  if (v.runsNeeded === null) return 'more base runs too';
  return count(v.runsNeeded);
}

/** The header whole, then each block with as many of its rows as fit, keeping room for the later blocks' counts. */
function fit(header: string, blocks: Block[], maxChars: number): string {
  const SEP = '\n\n';
  const least = blocks.map((b) => SEP.length + b.render(0).length);
  const needed = header.length + least.reduce((a, b) => a + b, 0);
  if (needed > maxChars)
    throw new RangeError(`a PR comment of at most ${maxChars} characters cannot hold its summary (${needed})`);
  let text = header;
  blocks.forEach((block, i) => {
    const reserve = least.slice(i + 1).reduce((a, b) => a + b, 0);
    const room = maxChars - text.length - reserve - SEP.length;
    const fits = (k: number) => block.render(k).length <= room;
    // The most rows that fit: doubling until a count does not (rows are made only as far as that), then halving.
    let lo = 0;
    let hi: number | null = null;
    for (let k = Math.min(16, block.total); hi === null && lo < block.total; k = Math.min(k * 2, block.total))
      if (fits(k)) lo = k;
      else hi = k;
    while (hi !== null && hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid;
    }
    text += SEP + block.render(lo);
  });
  return text;
}

function summaryLine(
  result: PrCheckResult,
  worse: number,
  better: number,
  inLine: number,
  inconclusive: number,
): string {
  const against = code(result.base.branch, 200);
  const runs = (n: number, what: string) => `${count(n)} ${what} run${n === 1 ? '' : 's'}`;
  if (result.noBase)
    return `**Nothing compared:** ${escapeCommentText(result.noBase, 1000)} (base ${against}, ${runs(result.head.runs, 'head')})`;
  const counts = [
    worse ? `**${count(worse)} worse**` : '0 worse',
    `${count(better)} better`,
    `${count(inLine)} in line`,
    `${count(inconclusive)} inconclusive`,
    `${count(result.added.length)} new`,
    `${count(result.removed.length)} removed`,
  ].join(', ');
  const head = result.head.commit ? `${code(shortCommit(result.head.commit))} ` : '';
  const base = result.base.mergeBase
    ? `${against} at merge base ${code(shortCommit(result.base.mergeBase))}`
    : `${against} (its newest runs)`;
  return `${counts} — ${head}(${runs(result.head.runs, 'head')}) against ${base} (${runs(result.base.runs, 'base')})`;
}
