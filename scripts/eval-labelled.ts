// Scores change points on the labelled corpus (scripts/labelled-corpus.ts) with TCPD's metrics (F1, margin 5, and
// covering; src/lib/analysis/cp-scoring.ts), through what users get — the real CLI, `perftrack changes --format json`
// on one CSV of every series — next to the core detector, the per-series analysis and two baselines:
//
//   npx tsx scripts/eval-labelled.ts [--seed N] [--per-kind N] [--no-real] [--aligned] [--by-kind] [--worst N]
//
// Methods: `perftrack changes` (the CLI: engine, per-series analysis, mode masking, index 0 dropped);
// analyseSeries (the per-series analysis in memory, what the engine runs per history); detectChangePoints (the core
// detector alone); "no change" (nothing but index 0); binary segmentation (changes in mean, Gaussian cost with the
// noise from the median absolute difference of neighbours, penalty 3·ln n per change, at most 5 changes, segments of
// at least 2 points). Each metric is the mean over series, as TCPD reports it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectChangePoints } from '../src/lib/analysis/changepoints.ts';
import { scoreChangePoints, type CpScore } from '../src/lib/analysis/cp-scoring.ts';
import { analyseSeries, type SeriesAnalysis } from '../src/lib/analysis/series-analysis.ts';
import { REAL } from '../tests/real-files.ts';
import { generateLabelledCorpus, realLabelledSeries, type LabelledSeries } from './labelled-corpus.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2000, 0, 1);

export interface MethodResult {
  name: string;
  /** Predicted change points per series, in corpus order. */
  predictions: number[][];
  scores: CpScore[];
}

export interface LabelledEvaluation {
  corpus: LabelledSeries[];
  methods: MethodResult[];
  /** The CLI's unstable series (names), with its reason. */
  unstable: Map<string, string>;
  /** analyseSeries of each series, for why the CLI differs from the core. */
  analyses: SeriesAnalysis[];
}

/**
 * Series as a CSV the CLI reads: `series,time,value`, one day apart from 2000-01-01 in each series. The series are
 * independent, so by default each is shifted by its own number of minutes and no two share a time: the engine takes
 * a time shared by several series as one run of a suite and lets a shift in one confirm a weaker one in another
 * (lib/analysis/corroborate.ts). `aligned` puts them all on the same days, as if one suite had run them.
 */
export function corpusCsv(corpus: LabelledSeries[], aligned = false): string {
  if (!aligned && corpus.length > 1440)
    throw new Error(`at most 1,440 independent series fit a day's minutes (got ${corpus.length})`);
  const lines = ['series,time,value'];
  corpus.forEach((s, k) => {
    if (!/^[a-z0-9-]+$/.test(s.name)) throw new Error(`series name "${s.name}" must be letters, digits and dashes`);
    const start = START_MS + (aligned ? 0 : k * 60_000);
    s.values.forEach((v, i) =>
      lines.push(`${s.name},${new Date(start + i * DAY_MS).toISOString().slice(0, 19)}Z,${v}`),
    );
  });
  return lines.join('\n') + '\n';
}

interface ChangesJson {
  series: number;
  changes: Array<{ series: string; metric: string; index: number }>;
  unstable: Array<{ series: string; reason: string }>;
}

/** Runs `perftrack changes --format json` on the corpus as one CSV; the change points of each series by name. */
export function runCliChanges(
  corpus: LabelledSeries[],
  aligned = false,
): { found: Map<string, number[]>; unstable: Map<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-labelled-'));
  try {
    const file = path.join(dir, 'labelled.csv');
    fs.writeFileSync(file, corpusCsv(corpus, aligned));
    const stdout = execFileSync(
      process.execPath,
      [path.join(ROOT, 'bin/perftrack.mjs'), 'changes', '--db', file, '--format', 'json'],
      { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const result = JSON.parse(stdout) as ChangesJson;
    if (result.series !== corpus.length)
      throw new Error(`perftrack changes analysed ${result.series} series, the corpus has ${corpus.length}`);
    const name = (key: string) => {
      const m = /^series=([a-z0-9-]+)$/.exec(key);
      if (!m) throw new Error(`unexpected series key "${key}" from perftrack changes`);
      return m[1];
    };
    const found = new Map<string, number[]>(corpus.map((s) => [s.name, []]));
    for (const c of result.changes) found.get(name(c.series))!.push(c.index);
    for (const list of found.values()) list.sort((a, b) => a - b);
    return { found, unstable: new Map(result.unstable.map((u) => [name(u.series), u.reason])) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Binary segmentation of changes in mean (see the header); returns the first index of each new segment. */
export function binarySegmentation(values: readonly number[], maxChanges = 5, minSegment = 2): number[] {
  const n = values.length;
  const diffs = values.slice(1).map((v, i) => Math.abs(v - values[i]));
  const sorted = [...diffs].sort((a, b) => a - b);
  const mad = sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
  // The median |difference| of neighbours is 0.954σ·√2 for Gaussian noise.
  const sigma = mad / (0.6745 * Math.SQRT2) || 1;
  const prefix = [0];
  for (const v of values) prefix.push(prefix[prefix.length - 1] + v / sigma);
  const prefix2 = [0];
  for (const v of values) prefix2.push(prefix2[prefix2.length - 1] + (v / sigma) ** 2);
  const cost = (a: number, b: number) => {
    const s = prefix[b] - prefix[a];
    return prefix2[b] - prefix2[a] - (s * s) / (b - a);
  };
  const penalty = 3 * Math.log(n);
  const cuts: number[] = [];
  const segments: Array<[number, number]> = [[0, n]];
  while (cuts.length < maxChanges) {
    let best = { gain: penalty, at: -1, segment: -1 };
    segments.forEach(([a, b], k) => {
      const whole = cost(a, b);
      for (let t = a + minSegment; t <= b - minSegment; t++) {
        const gain = whole - cost(a, t) - cost(t, b);
        if (gain > best.gain) best = { gain, at: t, segment: k };
      }
    });
    if (best.at < 0) break;
    const [a, b] = segments[best.segment];
    segments.splice(best.segment, 1, [a, best.at], [best.at, b]);
    cuts.push(best.at);
  }
  return cuts.sort((p, q) => p - q);
}

function score(corpus: LabelledSeries[], name: string, predictions: number[][]): MethodResult {
  return {
    name,
    predictions,
    scores: corpus.map((s, k) => scoreChangePoints(s.annotations, predictions[k], s.values.length)),
  };
}

export function evaluateLabelled(
  options: { seed?: number; perKind?: number; real?: boolean; aligned?: boolean } = {},
): LabelledEvaluation {
  const corpus = generateLabelledCorpus(options.seed ?? 22, options.perKind ?? 12);
  if (options.real !== false) corpus.push(...realLabelledSeries(REAL));
  const cli = runCliChanges(corpus, options.aligned);
  const analyses = corpus.map((s) => analyseSeries(s.values));
  const methods = [
    score(
      corpus,
      'perftrack changes (CLI)',
      corpus.map((s) => cli.found.get(s.name)!),
    ),
    score(
      corpus,
      'analyseSeries',
      analyses.map((a) => a.changePoints.map((c) => c.index)),
    ),
    score(
      corpus,
      'detectChangePoints (core)',
      corpus.map((s) => detectChangePoints(s.values).map((c) => c.index)),
    ),
    score(
      corpus,
      'binary segmentation',
      corpus.map((s) => binarySegmentation(s.values)),
    ),
    score(
      corpus,
      'no change',
      corpus.map(() => []),
    ),
  ];
  return { corpus, methods, unstable: cli.unstable, analyses };
}

/** The kinds of series TCPD draws most of its data sets from (economics, prices, traffic, trends). */
export const TCPD_LIKE_KINDS: ReadonlySet<string> = new Set(['growth', 'random-walk', 'seasonal-trend', 'trend']);

/** Why the CLI's change points of a series differ from the core detector's (see docs/detection.md). */
export function differenceReason(cli: number[], core: number[], a: SeriesAnalysis, inCli: boolean): string {
  if (!inCli) return 'the engine (not analyseSeries): corroboration, repeated rows';
  if (a.stability.unstable && /main level/.test(a.stability.reason ?? ''))
    return 'off-main-level runs masked (unstable)';
  if (a.stability.unstable || a.modeSwitches.length > 0) return 'mode switches (returns to an earlier level) removed';
  if (a.latest?.outOfLine) return 'newest runs held out (out of line)';
  if (cli.length === core.length && cli.every((i, k) => Math.abs(i - core[k]) <= 2))
    return 'moved to the first run on the new level';
  return 'other';
}

const mean = (xs: number[]): number => xs.reduce((p, q) => p + q, 0) / Math.max(1, xs.length);
const f3 = (v: number): string => v.toFixed(3);

/** The table: F1, precision, recall and cover per method; per kind; the worst series for the CLI. */
export function printLabelled(e: LabelledEvaluation, options: { byKind?: boolean; worst?: number } = {}): void {
  const { corpus, methods } = e;
  const points = corpus.reduce((p, s) => p + s.values.length, 0);
  console.log(
    `labelled corpus: ${corpus.length} series (${corpus.filter((s) => s.kind === 'real').length} real), ${points} points, 5 annotators, margin 5 (TCPD's metrics, mean over series)`,
  );
  console.log(`  ${'method'.padEnd(28)}    F1  precision  recall   cover`);
  for (const m of methods) {
    console.log(
      `  ${m.name.padEnd(28)} ${f3(mean(m.scores.map((s) => s.f1)))}      ${f3(mean(m.scores.map((s) => s.precision)))}   ${f3(mean(m.scores.map((s) => s.recall)))}   ${f3(mean(m.scores.map((s) => s.cover)))}`,
    );
  }
  if (options.byKind) {
    console.log(`\n  per kind, F1 / cover: ${methods.map((m) => m.name).join(' | ')}`);
    for (const kind of new Set(corpus.map((s) => s.kind))) {
      const idx = corpus.flatMap((s, k) => (s.kind === kind ? [k] : []));
      const cells = methods.map(
        (m) => `${f3(mean(idx.map((k) => m.scores[k].f1)))} / ${f3(mean(idx.map((k) => m.scores[k].cover)))}`,
      );
      console.log(`  ${kind.padEnd(11)} (${String(idx.length).padStart(2)})  ${cells.join('  |  ')}`);
    }
  }
  const subset = corpus.flatMap((s, k) => (TCPD_LIKE_KINDS.has(s.kind) ? [k] : []));
  console.log(`  TCPD-like kinds only (${[...TCPD_LIKE_KINDS].join(', ')}; ${subset.length} series):`);
  for (const m of methods) {
    console.log(
      `  ${m.name.padEnd(28)} ${f3(mean(subset.map((k) => m.scores[k].f1)))}      ${f3(mean(subset.map((k) => m.scores[k].precision)))}   ${f3(mean(subset.map((k) => m.scores[k].recall)))}   ${f3(mean(subset.map((k) => m.scores[k].cover)))}`,
    );
  }

  // Why `perftrack changes` differs from the core detector, series by series.
  const cliM = methods[0];
  const analysed = methods.find((m) => m.name === 'analyseSeries')!;
  const coreM = methods.find((m) => m.name.startsWith('detectChangePoints'))!;
  const reasons = new Map<string, { n: number; f1: number; cover: number; names: string[] }>();
  corpus.forEach((s, k) => {
    const cli = cliM.predictions[k];
    const core = coreM.predictions[k];
    if (cli.length === core.length && cli.every((i, j) => i === core[j])) return;
    const sameAsAnalysis =
      cli.length === analysed.predictions[k].length && cli.every((i, j) => i === analysed.predictions[k][j]);
    const why = differenceReason(cli, core, e.analyses[k], sameAsAnalysis);
    const r = reasons.get(why) ?? { n: 0, f1: 0, cover: 0, names: [] };
    r.n++;
    r.f1 += cliM.scores[k].f1 - coreM.scores[k].f1;
    r.cover += cliM.scores[k].cover - coreM.scores[k].cover;
    r.names.push(s.name);
    reasons.set(why, r);
  });
  console.log(
    '\n  where perftrack changes differs from detectChangePoints (series; summed ΔF1, Δcover over the corpus mean):',
  );
  for (const [why, r] of [...reasons].sort((a, b) => a[1].f1 - b[1].f1)) {
    console.log(
      `  ${why.padEnd(52)} ${String(r.n).padStart(3)}  ΔF1 ${(r.f1 / corpus.length >= 0 ? '+' : '') + (r.f1 / corpus.length).toFixed(3)}  Δcover ${(r.cover / corpus.length >= 0 ? '+' : '') + (r.cover / corpus.length).toFixed(3)}  e.g. ${r.names.slice(0, 6).join(', ')}`,
    );
  }

  const worst = options.worst ?? 10;
  if (worst > 0) {
    const cli = methods[0];
    const core = methods.find((m) => m.name.startsWith('detectChangePoints'))!;
    const order = corpus
      .map((_, k) => k)
      .sort((a, b) => cli.scores[a].f1 - cli.scores[b].f1 || cli.scores[a].cover - cli.scores[b].cover);
    console.log(`\n  worst ${worst} series for perftrack changes (F1, cover; labels; found by the CLI / by the core):`);
    for (const k of order.slice(0, worst)) {
      const s = corpus[k];
      const labels = s.annotations.map((a) => `[${a.join(',')}]`).join(' ');
      const unstable = e.unstable.has(s.name) ? `  unstable: ${e.unstable.get(s.name)}` : '';
      console.log(
        `  ${s.name.padEnd(28)} n ${String(s.values.length).padStart(4)}  F1 ${f3(cli.scores[k].f1)} cover ${f3(cli.scores[k].cover)}  labels ${labels}  CLI [${cli.predictions[k].join(',')}]  core [${core.predictions[k].join(',')}]${unstable}`,
      );
    }
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const evaluation = evaluateLabelled({
    seed: Number(arg('--seed') ?? 22),
    perKind: Number(arg('--per-kind') ?? 12),
    real: !process.argv.includes('--no-real'),
    aligned: process.argv.includes('--aligned'),
  });
  printLabelled(evaluation, { byKind: process.argv.includes('--by-kind'), worst: Number(arg('--worst') ?? 10) });
}
