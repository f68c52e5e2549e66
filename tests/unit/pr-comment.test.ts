// The pull-request comment (src/lib/report/pr-comment.ts): the summary line first, worse and better tables worst
// first with the CLI's figures, the rest collapsed; at most 60,000 characters with 10,000 series in any mix, the
// rows left out counted; names that cannot break a table or add markup; a link per series that the page decodes.
import { describe, expect, it } from 'vitest';
import {
  checkPullRequest,
  DEFAULT_PR_CHECK_SETTINGS,
  HEAD_BRANCH,
  verdictCounts,
  type BranchHistory,
  type PrCheckResult,
  type PrUnmatched,
  type PrVerdict,
  type PrVerdictWord,
} from '../../src/lib/analysis/pr-check.ts';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import { formatPercent, formatValue } from '../../src/lib/format/format.ts';
import {
  JOB_SUMMARY_MAX_CHARS,
  PR_COMMENT_MARKER,
  prCommentMarkdown,
  seriesPageUrl,
} from '../../src/lib/report/pr-comment.ts';
import { decodeLink } from '../../src/lib/share/view-state.ts';
import { STEP_SUMMARY_MAX_BYTES } from '../../src/node/github.ts';

const HEAD = '0123abcd0123abcd0123abcd0123abcd0123abcd';
const MERGE_BASE = '89abcdef89abcdef89abcdef89abcdef89abcdef';
const SITE = 'https://example.github.io/bench-site/';
const WORDS: PrVerdictWord[] = ['worse', 'better', 'in line', 'inconclusive'];

function verdict(i: number, word: PrVerdictWord, over: Partial<PrVerdict> = {}): PrVerdict {
  const change = {
    worse: 5 + (i % 50),
    better: -(5 + (i % 50)),
    'in line': (i % 7) * 0.3 - 1,
    inconclusive: (i % 11) - 5,
  }[word];
  const baseValue = 1_000_000 + i * 17;
  return {
    seriesKey: `bench=case_${i}`,
    label: `case_${i}`,
    metric: 'time',
    unit: 'ns',
    direction: 'lower',
    verdict: word,
    baseValue,
    headValue: baseValue * (1 + change / 100),
    changePct: change,
    detectablePct: word === 'inconclusive' ? 12 : 1.5,
    noisePct: 0.8,
    baseRuns: 20,
    headRuns: 3,
    runsNeeded: word === 'inconclusive' ? 9 : null,
    baseCommit: MERGE_BASE,
    baseTs: 0,
    reason: 'made up',
    ...over,
  };
}

const unmatched = (i: number, over: Partial<PrUnmatched> = {}): PrUnmatched => ({
  seriesKey: `bench=case_${i}`,
  label: `case_${i}`,
  metric: 'time',
  unit: 'ns',
  value: 2_000 + i,
  ...over,
});

function result(verdicts: PrVerdict[], added: PrUnmatched[] = [], removed: PrUnmatched[] = []): PrCheckResult {
  return {
    base: { branch: 'main', mergeBase: MERGE_BASE, runs: 20, note: null },
    head: { commit: HEAD, runs: 3 },
    verdicts,
    added,
    removed,
    noBase: null,
    alpha: 0.05,
    tests: verdicts.length,
    thresholdPct: 10,
  };
}

/** `count` series with the verdicts in turn: [word, how many] … */
function mix(parts: [PrVerdictWord | 'new' | 'removed', number][], name = (i: number) => `case_${i}`) {
  const verdicts: PrVerdict[] = [];
  const added: PrUnmatched[] = [];
  const removed: PrUnmatched[] = [];
  let i = 0;
  for (const [word, n] of parts)
    for (let k = 0; k < n; k++, i++) {
      const ids = { seriesKey: `bench=${name(i)}`, label: name(i) };
      if (word === 'new') added.push(unmatched(i, ids));
      else if (word === 'removed') removed.push(unmatched(i, ids));
      else verdicts.push(verdict(i, word, ids));
    }
  return result(verdicts, added, removed);
}

/** Character references back to characters (what GitHub shows). */
function decode(html: string): string {
  return html.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

/** The label each table row and list item names, decoded. */
function namesShown(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => /^(\| |- )<code>/.test(line))
    .map((line) => decode(/<code>(.*?)<\/code>/.exec(line)![1]));
}

/** Per verdict word (and new / removed): rows shown and the count of those said not shown. */
function tally(markdown: string, r: PrCheckResult) {
  const wordOf = new Map<string, string>([
    ...r.verdicts.map((v) => [v.label, v.verdict] as const),
    ...r.added.map((u) => [u.label, 'new'] as const),
    ...r.removed.map((u) => [u.label, 'removed'] as const),
  ]);
  const shown: Record<string, number> = {};
  for (const name of namesShown(markdown)) shown[wordOf.get(name)!] = (shown[wordOf.get(name)!] ?? 0) + 1;
  const more: Record<string, number> = {};
  for (const m of markdown.matchAll(/… ([\d,]+) (?:more )?(worse|better|in line|inconclusive|new|removed) not shown/g))
    more[m[2]] = (more[m[2]] ?? 0) + Number(m[1].replace(/,/g, ''));
  return { shown, more };
}

function totals(r: PrCheckResult): Record<string, number> {
  return { ...verdictCounts(r.verdicts), new: r.added.length, removed: r.removed.length };
}

describe('the PR comment', () => {
  it('from a real check: the marker, the summary line, worse then better with the figures the CLI prints', () => {
    // 30 runs of main, then a head of 3 runs: one series 15 % slower, one 20 % faster, three unchanged.
    const T0 = Date.UTC(2026, 0, 1);
    const jitter = (run: number, s: number) => 1 + 0.004 * Math.sin(run * 1.7 + s * 2.3);
    const series = ['parse', 'render', 'encode', 'decode', 'hash'];
    const histories: BranchHistory[] = series.map((name, s) => ({
      seriesKey: `bench=${name}`,
      label: name,
      metric: 'time',
      unit: 'ns',
      direction: 'lower',
      points: [
        ...Array.from({ length: 30 }, (_, run) => ({
          ts: T0 + run * 3_600_000,
          value: 5_000 * (s + 1) * jitter(run, s),
          commit: `${String(run).padStart(2, '0')}`.repeat(20),
          branch: 'main',
        })),
        ...Array.from({ length: 3 }, (_, run) => ({
          ts: T0 + (40 + run) * 3_600_000,
          value: 5_000 * (s + 1) * jitter(run + 50, s) * (name === 'parse' ? 1.15 : name === 'render' ? 0.8 : 1),
          commit: HEAD,
          branch: HEAD_BRANCH,
        })),
      ],
    }));
    histories.push({
      ...histories[4],
      seriesKey: 'bench=added',
      label: 'added',
      points: histories[4].points.slice(30),
    });
    histories.push({
      ...histories[4],
      seriesKey: 'bench=gone',
      label: 'gone',
      points: histories[4].points.slice(0, 30),
    });
    const check = checkPullRequest(histories, {
      baseBranch: 'main',
      mergeBase: null,
      ancestors: null,
      headCommit: HEAD,
      settings: DEFAULT_PR_CHECK_SETTINGS,
    });
    const counts = verdictCounts(check.verdicts);
    expect(counts.worse).toBe(1);
    expect(counts.better).toBe(1);

    const md = prCommentMarkdown(check);
    const lines = md.split('\n');
    expect(lines[0]).toBe(PR_COMMENT_MARKER);
    expect(lines[1]).toBe(
      `**1 worse**, 1 better, ${counts['in line']} in line, ${counts.inconclusive} inconclusive, 1 new, 1 removed — ` +
        `<code>0123abcd</code> (3 head runs) against <code>main</code> (its newest runs) (30 base runs)`,
    );
    // The check's own note (no merge base) follows the summary.
    expect(lines[3]).toBe("no merge base known: compared with the base branch's newest runs");
    const worse = check.verdicts.find((v) => v.verdict === 'worse')!;
    expect(worse.label).toBe('parse');
    const row = lines.find((l) => l.startsWith('| <code>parse</code>'))!;
    expect(row).toBe(
      `| <code>parse</code> | <code>time</code> | ${formatValue(worse.baseValue, 'ns')} | ` +
        `${formatValue(worse.headValue, 'ns')} | **${formatPercent(worse.changePct)}** | ±${formatPercent(worse.detectablePct).slice(1)} |`,
    );
    expect(md.indexOf('### 1 worse')).toBeLessThan(md.indexOf('### 1 better'));
    expect(md.indexOf('### 1 better')).toBeLessThan(md.indexOf('in line</summary>'));
    expect(md).toContain(
      '<details><summary>1 new (no base to compare)</summary>\n\n- <code>added</code> · <code>time</code>: ',
    );
    expect(md).toContain('<details><summary>1 removed (in the base only)</summary>\n\n- <code>gone</code>');
    expect(md).not.toContain('not shown');
  });

  it("rows in the CLI's order: worst first in the bad direction, whichever way is better for the metric", () => {
    const r = result([
      verdict(1, 'worse', { label: 'small', changePct: 5 }),
      verdict(2, 'worse', { label: 'large', changePct: 30 }),
      verdict(3, 'worse', { label: 'ops', changePct: -40, direction: 'higher', metric: 'throughput', unit: 'ops/s' }),
      verdict(4, 'worse', { label: 'middle', changePct: 12 }),
      verdict(5, 'better', { label: 'a bit faster', changePct: -6 }),
      verdict(6, 'better', { label: 'much faster', changePct: -45 }),
      verdict(7, 'inconclusive', { label: 'noisy', changePct: -4, detectablePct: 14.25, runsNeeded: 17 }),
      verdict(8, 'inconclusive', { label: 'sparse', changePct: 1, detectablePct: null, runsNeeded: null }),
    ]);
    const md = prCommentMarkdown(r);
    expect(namesShown(md)).toEqual([
      'ops',
      'large',
      'middle',
      'small',
      'much faster',
      'a bit faster',
      'noisy',
      'sparse',
    ]);
    expect(md).toContain('<details><summary>2 inconclusive (too noisy to tell yet)</summary>');
    expect(md).toContain('| ±14.3% | 17 |');
    expect(md).toContain('| — | more base runs too |');
  });

  it('says so when there is no base to compare with', () => {
    const r: PrCheckResult = {
      ...result([]),
      base: { branch: 'main', mergeBase: null, runs: 0, note: null },
      noBase: 'no run of branch main in the history, so nothing to compare with (its branches: dev)',
    };
    const md = prCommentMarkdown(r);
    expect(md.split('\n')).toEqual([
      PR_COMMENT_MARKER,
      '**Nothing compared:** no run of branch main in the history, so nothing to compare with (its branches: dev) ' +
        '(base <code>main</code>, 3 head runs)',
    ]);
  });

  it('escapes names: no table break, no markup, no mention; what GitHub shows is the name', () => {
    const names = [
      'a|b<script>alert(1)</script>',
      'tick `rm -rf /` | and\na new line',
      '@octocat **bold** [x](javascript:alert(1)) ~~s~~ #12 _u_ \\|',
      '<img src=x onerror=alert(1)>&amp;',
    ];
    const r = result(
      names.map((label, i) =>
        verdict(i, (['worse', 'better', 'in line', 'inconclusive'] as const)[i], {
          label,
          seriesKey: `bench=${label}`,
          metric: 'ti|me<b>',
          unit: '<i>|',
        }),
      ),
      [unmatched(9, { label: '</details><h1>new|', metric: '`m`' })],
    );
    r.base.branch = 'feat/<img src=x>|`x`';
    r.base.note = 'a note with <b>html</b> | and `code`';
    const md = prCommentMarkdown(r, { siteUrl: SITE });
    // Each table row has exactly its table's columns: 7, and the inconclusive table's 8.
    for (const line of md.split('\n').filter((l) => l.startsWith('| <code>'))) {
      const inconclusive = line.includes('| 9 |');
      expect(line.split('|').length - 2, line).toBe(inconclusive ? 8 : 7);
    }
    // The only markup is the comment's own: code, details, summary and the marker; no backtick, no stray < or >.
    const own = md
      .replace(PR_COMMENT_MARKER, '')
      .replace(/<\/?(code|details|summary)>/g, '')
      .replace(/\[chart\]\(<[^<>\s]+>\)/g, '');
    expect(own).not.toMatch(/[<>`]/);
    // Names appear only inside <code>, so GitHub neither mentions @octocat nor links #12.
    expect(md.replace(/<code>.*?<\/code>/g, '')).not.toMatch(/octocat|#12(?!\d)/);
    // What GitHub shows is the name itself (a line break as a space).
    expect(namesShown(md).sort()).toEqual([...names.map((n) => n.replace(/\n/g, ' ')), '</details><h1>new|'].sort());
    expect(md).toContain(`<code>${'ti|me<b>'.replace(/[|<>]/g, (c) => `&#${c.charCodeAt(0)};`)}</code>`);
    expect(decode(/against <code>(.*?)<\/code>/.exec(md)![1])).toBe('feat/<img src=x>|`x`');
  });

  it('links each series to its chart on the published page, a link the page decodes back to the series', () => {
    const hostile = 'bench=a) b>c #d|e';
    const r = result(
      [verdict(1, 'worse', { seriesKey: hostile, label: 'hostile', metric: 'wall time' }), verdict(2, 'in line')],
      [unmatched(3, { label: 'fresh' })],
      [unmatched(4, { label: 'gone' })],
    );
    const md = prCommentMarkdown(r, { siteUrl: `${SITE}#old-hash` });
    expect(md).toContain('| series | metric | base | head | change | smallest detectable | page |');
    const hrefs = [...md.matchAll(/\[chart\]\(<([^<>\s]+)>\)/g)].map((m) => m[1]);
    // A removed benchmark links to its history; a new one has none on the site yet.
    expect(md).toMatch(/^- <code>fresh<\/code> · <code>time<\/code>: 2\.003 µs$/m);
    expect(hrefs).toHaveLength(3);
    for (const [href, v] of hrefs.map((h, i) => [h, [...r.verdicts, r.removed[0]][i]] as const)) {
      expect(href.startsWith(`${SITE}#v1.`)).toBe(true);
      const link = decodeLink(new URL(href).hash, DEFAULT_SETTINGS);
      expect(link.dropped).toEqual([]);
      expect(link.view).toMatchObject({ tab: 'explore', metric: v.metric, selected: [v.seriesKey] });
      // No source named: the published site opens its own history.
      expect(link.view.sources).toBeUndefined();
    }
    expect(seriesPageUrl(SITE, 'k'.repeat(2001), 'time')).toBeNull();
    expect(() => prCommentMarkdown(r, { siteUrl: 'javascript:alert(1)' })).toThrow(/https:\/\//);
    expect(() => prCommentMarkdown(r, { siteUrl: 'not a url' })).toThrow(/not a URL/);
  });

  it('a budget too small for the summary is an error, not a cut summary', () => {
    expect(() => prCommentMarkdown(mix([['worse', 10]]), { maxChars: 300 })).toThrow(RangeError);
  });
});

describe('the PR comment at 10,000 series', () => {
  const long = (i: number) => `${'a|b<i>&`x`</i>'.repeat(20)}_${i}`.slice(0, 292) + `_${String(i).padStart(7, '0')}`;
  const cases: [string, PrCheckResult, string | null][] = [
    ['all worse', mix([['worse', 10_000]]), null],
    ['all in line', mix([['in line', 10_000]]), null],
    [
      'mixed',
      mix([
        ['worse', 3_000],
        ['better', 2_000],
        ['in line', 3_000],
        ['inconclusive', 1_500],
        ['new', 300],
        ['removed', 200],
      ]),
      null,
    ],
    [
      'mixed, names of 300 characters with pipes and HTML, with links',
      mix(
        [
          ['worse', 2_500],
          ['better', 2_500],
          ['inconclusive', 2_500],
          ['in line', 2_000],
          ['new', 250],
          ['removed', 250],
        ],
        long,
      ),
      SITE,
    ],
    [
      'few worse, many in line',
      mix([
        ['worse', 3],
        ['in line', 9_997],
      ]),
      SITE,
    ],
  ];

  it.each(cases)('%s: at most 60,000 characters, the summary whole, every row left out counted', (_, r, site) => {
    const md = prCommentMarkdown(r, { siteUrl: site });
    expect(md.length).toBeLessThanOrEqual(60_000);
    // Full: the room is used (a budget that left most of it empty would show too little).
    expect(md.length).toBeGreaterThan(55_000);
    const [marker, summary] = md.split('\n');
    expect(marker).toBe(PR_COMMENT_MARKER);
    const t = totals(r);
    const fmt = (n: number) => n.toLocaleString('en-US');
    expect(summary).toBe(
      `${t.worse ? `**${fmt(t.worse)} worse**` : '0 worse'}, ${fmt(t.better)} better, ${fmt(t['in line'])} in line, ` +
        `${fmt(t.inconclusive)} inconclusive, ${fmt(t.new)} new, ${fmt(t.removed)} removed — <code>0123abcd</code> ` +
        '(3 head runs) against <code>main</code> at merge base <code>89abcdef</code> (20 base runs)',
    );
    const { shown, more } = tally(md, r);
    for (const word of [...WORDS, 'new', 'removed']) expect((shown[word] ?? 0) + (more[word] ?? 0), word).toBe(t[word]);
    // Worse rows come first: nothing else is shown while a worse row is left out.
    if (more.worse) expect(Object.keys(shown).filter((w) => w !== 'worse')).toEqual([]);
    if (t.worse) expect(shown.worse).toBeGreaterThan(0);
    // The worst are the ones shown.
    const worstShown = namesShown(md).filter((n) => r.verdicts.find((v) => v.label === n)?.verdict === 'worse');
    const worstExpected = r.verdicts.filter((v) => v.verdict === 'worse');
    const changeOf = new Map(worstExpected.map((v) => [v.label, v.changePct!]));
    const smallestShown = Math.min(...worstShown.map((n) => changeOf.get(n)!));
    const largestHidden = Math.max(
      ...worstExpected.filter((v) => !worstShown.includes(v.label)).map((v) => v.changePct!),
    );
    if (more.worse) expect(smallestShown).toBeGreaterThanOrEqual(largestHidden);
  });

  it("the job summary budget: 10,000 long non-ASCII names stay under GitHub's 1 MiB", () => {
    const r = mix(
      [
        ['worse', 5_000],
        ['in line', 5_000],
      ],
      // Longer than the 500 characters a name is cut to, at each place in the pattern; the number first, so each name
      // stays its own.
      (i) => `${i}_${'x'.repeat(i % 5)}${'ü漢😀|'.repeat(120)}`,
    );
    const md = prCommentMarkdown(r, { siteUrl: SITE, maxChars: JOB_SUMMARY_MAX_CHARS });
    expect(md.length).toBeLessThanOrEqual(JOB_SUMMARY_MAX_CHARS);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(STEP_SUMMARY_MAX_BYTES);
    // A cut name ends in "…", never in half a character.
    expect(md).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    const names = namesShown(md);
    expect(names.every((n) => n.length >= 499 && n.length <= 500 && n.endsWith('…'))).toBe(true);
    const worseShown = names.filter((n) => Number(n.split('_')[0]) < 5_000).length;
    const moreWorse = Number(/… ([\d,]+) more worse not shown/.exec(md)![1].replace(/,/g, ''));
    expect(worseShown).toBeGreaterThan(100);
    expect(worseShown + moreWorse).toBe(5_000);
  });

  it('keeps to a smaller budget too, and says where all rows are', () => {
    const r = cases[2][1];
    for (const maxChars of [3_000, 10_000, 65_000]) {
      const md = prCommentMarkdown(r, { maxChars, fullList: 'the job summary' });
      expect(md.length).toBeLessThanOrEqual(maxChars);
      expect(md).toContain('more worse not shown (all are in the job summary)');
      const { shown, more } = tally(md, r);
      const t = totals(r);
      for (const word of [...WORDS, 'new', 'removed']) expect((shown[word] ?? 0) + (more[word] ?? 0)).toBe(t[word]);
    }
  });
});
