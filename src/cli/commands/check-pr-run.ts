// perftrack check --head FILE… --base BRANCH: a pull request's results judged against its base branch's history
// (worse / better / in line / inconclusive per series; lib/analysis/pr-check.ts), printed, appended to the job
// summary and posted as the pull request's comment. Loaded by check-run.ts only when --head or --base is given.
import path from 'node:path';
import process from 'node:process';
import {
  checkPullRequest,
  DEFAULT_PR_CHECK_SETTINGS,
  HEAD_BRANCH,
  verdictCounts,
  type PrCheckResult,
  type PrUnmatched,
} from '../../lib/analysis/pr-check.ts';
import { formatPercent, formatValue, shortCommit } from '../../lib/format/format.ts';
import { runFileText } from '../../lib/sources/artifacts/perftrack-record.ts';
import { JOB_SUMMARY_MAX_CHARS, prCommentMarkdown } from '../../lib/report/pr-comment.ts';
import { ancestorCommits, mergeBase } from '../../node/git.ts';
import { appendStepSummary, GitHubError } from '../../node/github.ts';
import { readHarnessFile, RecordInputError, runStamp } from '../../node/run-stamp.ts';
import { openInputs, type InputNote } from '../inputs.ts';
import { cliText } from '../messages.ts';
import { number, outputFormat, UsageError } from '../options.ts';
import type { CommandContext } from './command.ts';
import { postComment } from './comment-run.ts';
import type { options } from './check.ts';

/** `check --head FILE… --base BRANCH`: the head's outputs opened beside the history as runs of HEAD_BRANCH. */
export async function runPullRequestCheck(context: CommandContext<typeof options>): Promise<number> {
  const { values, out, err } = context;
  const format = outputFormat(values, 'check --head', ['text', 'json', 'markdown'] as const);
  const heads = [...(values.head ?? []), ...context.positionals];
  if (!heads.length) throw new UsageError('check --base needs the head results: --head FILE (repeatable)');
  if (!values.base) throw new UsageError('check --head needs --base BRANCH, the branch the pull request merges into');
  const thresholdPct = number(
    { threshold: values.threshold?.at(-1) },
    'threshold',
    DEFAULT_PR_CHECK_SETTINGS.thresholdPct,
  )!;
  if (!(thresholdPct > 0)) throw new UsageError('--threshold must be a percent above 0 (e.g. 5)');
  // Every head file read before anything opens: a bad one is a usage error with nothing analysed.
  let headFiles: { name: string; bytes: Uint8Array; lastModified: number }[];
  let headCommit: string | null;
  try {
    const { stamp } = runStamp({ commit: values.commit }, { env: process.env, cwd: process.cwd(), now: Date.now });
    headCommit = stamp.commit;
    const now = Date.now();
    headFiles = heads.map((file, i) => {
      const read = readHarnessFile(file);
      const run = {
        ...stamp,
        branch: HEAD_BRANCH,
        // One run per head file, after every run of the history.
        time: new Date(now + i).toISOString(),
        inputs: [{ file: path.basename(file), format: read.format }],
      };
      return {
        name: `head ${i + 1}: ${path.basename(file)}`,
        bytes: new TextEncoder().encode(runFileText(run, read.records)),
        lastModified: now,
      };
    });
  } catch (error) {
    if (error instanceof RecordInputError) throw new UsageError(error.message);
    throw error;
  }
  const engine = await context.engine();
  const inputs = await openInputs(context, engine);
  if (!inputs) return 2;
  const opened = await engine.openFiles(headFiles);
  for (const f of opened.failures) err(`perftrack: ${cliText(f.message)}${f.hint ? `\n  ${cliText(f.hint)}` : ''}`);
  if (!opened.sources.length) return 2;

  const cwd = process.cwd();
  const mergeBaseSha = values['merge-base'] || mergeBase(cwd, values.base);
  const result = checkPullRequest(await engine.branchHistories({ filter: inputs.filter, metric: values.metric }), {
    baseBranch: values.base,
    mergeBase: mergeBaseSha,
    ancestors: mergeBaseSha ? ancestorCommits(cwd, mergeBaseSha) : null,
    headCommit,
    settings: { ...DEFAULT_PR_CHECK_SETTINGS, thresholdPct },
  });
  const siteUrl = values.site ?? null;
  const summaryFile = values['no-summary'] ? undefined : process.env.GITHUB_STEP_SUMMARY;
  // The PR comment is cut to fit GitHub's limit; the job summary, with room for more, is what the comment points to.
  const comment = () =>
    prCommentMarkdown(result, {
      siteUrl,
      fullList: summaryFile ? 'the job summary and `perftrack check --format json`' : undefined,
    });
  if (format === 'json') out(JSON.stringify(prCheckJson(result, inputs.notes), null, 2));
  else if (format === 'markdown') out(comment());
  else for (const line of prCheckText(result)) out(line);
  if (summaryFile)
    appendStepSummary(summaryFile, prCommentMarkdown(result, { siteUrl, maxChars: JOB_SUMMARY_MAX_CHARS }));
  const code = values['fail-on-regression'] && result.verdicts.some((v) => v.verdict === 'worse') ? 1 : 0;
  if (values.comment) {
    try {
      err(`perftrack: ${(await postComment(comment(), { summary: false })).line}`);
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error;
      // The verdict stands (printed above); a comment that could not be posted fails the step all the same.
      err(`perftrack: the comment was not posted: ${error.message}`);
      return 2;
    }
  }
  return code;
}

export function prCheckJson(result: PrCheckResult, notes: InputNote[] = []): Record<string, unknown> {
  return {
    base: {
      branch: result.base.branch,
      merge_base: result.base.mergeBase,
      runs: result.base.runs,
      note: result.base.note,
    },
    head: result.head,
    no_base: result.noBase,
    alpha: result.alpha,
    tests: result.tests,
    threshold_pct: result.thresholdPct,
    counts: verdictCounts(result.verdicts),
    verdicts: result.verdicts.map((v) => ({
      series: v.seriesKey,
      series_label: v.label,
      metric: v.metric,
      unit: v.unit,
      direction: v.direction,
      verdict: v.verdict,
      base_value: v.baseValue,
      head_value: v.headValue,
      change_pct: v.changePct,
      detectable_pct: v.detectablePct,
      noise_pct: v.noisePct,
      base_runs: v.baseRuns,
      head_runs: v.headRuns,
      runs_needed: v.runsNeeded,
      base_commit: v.baseCommit,
      reason: v.reason,
    })),
    new: result.added.map(unmatchedJson),
    removed: result.removed.map(unmatchedJson),
    notes,
  };
}

function unmatchedJson(u: PrUnmatched) {
  return { series: u.seriesKey, series_label: u.label, metric: u.metric, unit: u.unit, value: u.value };
}

/** The summary line, then one line per series (worst first), then the new and removed benchmarks. */
export function prCheckText(result: PrCheckResult): string[] {
  const base = result.base;
  const against = `${base.branch}${base.mergeBase ? ` at merge base ${shortCommit(base.mergeBase)}` : ''}`;
  if (result.noBase) return [`check against ${against}: ${result.noBase}`, ...unmatchedLines(result)];
  const c = verdictCounts(result.verdicts);
  const lines = [
    `check of ${result.tests} series and metrics against ${against} (${base.runs} base runs, ${result.head.runs} head run${result.head.runs === 1 ? '' : 's'}): ` +
      `${c.worse} worse, ${c.better} better, ${c['in line']} in line, ${c.inconclusive} inconclusive`,
  ];
  if (base.note) lines.push(`(${base.note})`);
  for (const v of result.verdicts) {
    if (v.verdict === 'in line') continue;
    const word = v.verdict === 'worse' ? 'WORSE' : v.verdict;
    lines.push(
      `- ${word} ${formatPercent(v.changePct)} ${v.metric} of ${v.label}: ${formatValue(v.headValue, v.unit)} vs ${formatValue(v.baseValue, v.unit)} ` +
        `(${v.baseRuns} base runs on its level, noise ±${formatPercent(v.noisePct).replace('+', '')}) — ${v.reason}`,
    );
  }
  if (c['in line'])
    lines.push(
      `- ${c['in line']} in line: within their base's noise, where a ${result.thresholdPct}% change would have shown (--format json lists each)`,
    );
  return [...lines, ...unmatchedLines(result)];
}

/** At most this many new or removed benchmarks are named; the rest are counted. */
const UNMATCHED_LISTED = 20;

function unmatchedLines(result: PrCheckResult): string[] {
  const listed = (items: PrUnmatched[], line: (u: PrUnmatched) => string, what: string) => [
    ...items.slice(0, UNMATCHED_LISTED).map(line),
    ...(items.length > UNMATCHED_LISTED ? [`- … and ${items.length - UNMATCHED_LISTED} more ${what}`] : []),
  ];
  return [
    ...listed(
      result.added,
      (u) => `- new: ${u.metric} of ${u.label} (${formatValue(u.value, u.unit)}): no base history to compare with`,
      'new',
    ),
    ...listed(
      result.removed,
      (u) => `- removed: ${u.metric} of ${u.label}: in ${result.base.branch}'s history, not in the head results`,
      'removed',
    ),
  ];
}
