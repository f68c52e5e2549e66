// A labelled corpus in the manner of the Turing Change Point Detection benchmark (TCPD): univariate series of
// 15–1,000 points from several generating processes (level shifts, trend changes, variance changes, seasonality,
// heavy tails, outliers, AR noise, counts, values around zero, short series, no change at all; and the kinds of
// series TCPD draws from economics and traffic: prices that wander with a crash, short growth series with a break,
// seasonal traffic on a trend with a sudden drop), each with the
// changes its generator made and five simulated annotators who place a change a few points apart and sometimes skip
// a small one; plus a few real benchmark histories whose changes are not in doubt. Deterministic from the seed.
import fs from 'node:fs';
import path from 'node:path';

export type LabelledKind =
  | 'level'
  | 'trend'
  | 'variance'
  | 'seasonal'
  | 'heavy-tail'
  | 'outliers'
  | 'ar'
  | 'counts'
  | 'near-zero'
  | 'short'
  | 'no-change'
  | 'random-walk'
  | 'growth'
  | 'seasonal-trend'
  | 'real';

export const LABELLED_KINDS: readonly LabelledKind[] = [
  'level',
  'trend',
  'variance',
  'seasonal',
  'heavy-tail',
  'outliers',
  'ar',
  'counts',
  'near-zero',
  'short',
  'no-change',
  'random-walk',
  'growth',
  'seasonal-trend',
];

export interface GeneratedChange {
  index: number;
  /** What changed: the level, the slope, the spread or the rate of a count. */
  what: 'level' | 'slope' | 'spread' | 'rate';
  /** How visible it is, in noise sigmas (for a slope: the drift it adds over 30 points). */
  sigmas: number;
}

export interface LabelledSeries {
  /** Letters, digits and dashes only: it is a CSV value and a series key. */
  name: string;
  kind: LabelledKind;
  values: number[];
  /** The changes the generator made (for a real series: the labelled ones). */
  changes: GeneratedChange[];
  /** Five annotators' change points, 0-based first index of the new segment. */
  annotations: number[][];
}

export const ANNOTATORS = 5;

/** mulberry32: small, fast and the same in every JavaScript engine. */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  int(a: number, b: number): number {
    return Math.floor(this.uniform(a, b + 1));
  }
  sign(): number {
    return this.next() < 0.5 ? -1 : 1;
  }
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** Student's t with df degrees of freedom, scaled to unit variance when df > 2 (else left as drawn). */
  studentT(df: number): number {
    let chi = 0;
    for (let i = 0; i < df; i++) chi += this.normal() ** 2;
    const t = this.normal() / Math.sqrt(chi / df);
    return df > 2 ? t / Math.sqrt(df / (df - 2)) : t;
  }
  poisson(lambda: number): number {
    if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
  logUniformInt(a: number, b: number): number {
    return Math.round(Math.exp(this.uniform(Math.log(a), Math.log(b))));
  }
}

/** `count` change positions in [edge, n − edge), at least `gap` apart and from the ends. */
function positions(rng: SeededRandom, n: number, count: number, gap: number): number[] {
  for (let attempt = 0; attempt < 200; attempt++) {
    const picks = Array.from({ length: count }, () => rng.int(gap, n - gap)).sort((a, b) => a - b);
    if (picks.every((p, i) => i === 0 || p - picks[i - 1] >= gap)) return picks;
  }
  return count > 1 ? positions(rng, n, count - 1, gap) : [Math.floor(n / 2)];
}

/** Chance that an annotator marks a change this visible: a 1.5σ step is marked by 1 in 5, from 3.5σ by all. */
export function markChance(sigmas: number): number {
  return Math.min(1, Math.max(0.2, (sigmas - 1) / 2.5));
}

/**
 * Five annotators: each marks a change with markChance of its size, placed with a jitter (about ±1 point for an
 * abrupt change, ±3 for a slope or spread change, whose start is harder to see), and marks a spike as a change
 * with `spikeMark` probability (people do, now and then).
 */
function annotate(
  rng: SeededRandom,
  n: number,
  changes: GeneratedChange[],
  spikes: number[] = [],
  spikeMark = 0.08,
): number[][] {
  return Array.from({ length: ANNOTATORS }, () => {
    const marks = new Set<number>();
    for (const c of changes) {
      if (rng.next() >= markChance(c.sigmas)) continue;
      const spread = c.what === 'level' || c.what === 'rate' ? 1 : 3;
      marks.add(Math.min(n - 1, Math.max(1, c.index + Math.round(spread * rng.normal()))));
    }
    for (const s of spikes) if (rng.next() < spikeMark) marks.add(s);
    return [...marks].sort((a, b) => a - b);
  });
}

interface Generated {
  values: number[];
  changes: GeneratedChange[];
  spikes?: number[];
}

/** Piecewise-constant means with Gaussian noise; the steps' sizes in sigmas drawn from [lo, hi]. */
function steps(
  rng: SeededRandom,
  n: number,
  count: number,
  lo: number,
  hi: number,
): { mean: number[]; changes: GeneratedChange[] } {
  const at = positions(rng, n, count, Math.max(5, Math.floor(n / 12)));
  const mean = new Array<number>(n).fill(0);
  const changes: GeneratedChange[] = [];
  let level = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (k < at.length && i === at[k]) {
      const sigmas = rng.uniform(lo, hi);
      level += rng.sign() * sigmas;
      changes.push({ index: i, what: 'level', sigmas });
      k++;
    }
    mean[i] = level;
  }
  return { mean, changes };
}

function generate(kind: Exclude<LabelledKind, 'real'>, rng: SeededRandom): Generated {
  const n = kind === 'short' ? rng.int(15, 40) : rng.logUniformInt(60, 1000);
  // A positive level with a coefficient of variation of 1–8 %, as most measured quantities have.
  const base = 10 ** rng.uniform(0, 4);
  const sigma = base * rng.uniform(0.01, 0.08);
  const scale = (z: number[]) => z.map((v) => base + sigma * v);
  switch (kind) {
    case 'level':
    case 'short': {
      const s = steps(rng, n, kind === 'short' ? rng.int(0, 1) : rng.int(1, 4), 1, 8);
      return { values: scale(s.mean.map((m) => m + rng.normal())), changes: s.changes };
    }
    case 'trend': {
      // A continuous broken line: the slope changes at each knot, the level does not jump.
      const at = positions(rng, n, rng.int(1, 2), Math.max(10, Math.floor(n / 6)));
      let slope = rng.uniform(-0.05, 0.05);
      let level = 0;
      const changes: GeneratedChange[] = [];
      const z: number[] = [];
      for (let i = 0; i < n; i++) {
        if (at.includes(i)) {
          const delta = rng.sign() * rng.uniform(0.03, 0.3);
          slope += delta;
          changes.push({ index: i, what: 'slope', sigmas: Math.abs(delta) * 30 });
        }
        level += slope;
        z.push(level + rng.normal());
      }
      return { values: scale(z), changes };
    }
    case 'variance': {
      const at = positions(rng, n, rng.int(1, 2), Math.max(15, Math.floor(n / 8)));
      let sd = 1;
      const changes: GeneratedChange[] = [];
      const z: number[] = [];
      for (let i = 0; i < n; i++) {
        if (at.includes(i)) {
          const ratio = rng.uniform(2, 6);
          sd = sd > 1.5 ? 1 : ratio;
          // How visible a change of spread is: a 2× change reads like a 1.8σ step, 6× like 5σ.
          changes.push({ index: i, what: 'spread', sigmas: 1 + ratio * 0.7 });
        }
        z.push(sd * rng.normal());
      }
      return { values: scale(z), changes };
    }
    case 'seasonal': {
      const period = [7, 12, 24, 52][rng.int(0, 3)];
      const amplitude = rng.uniform(1, 4);
      const phase = rng.uniform(0, 2 * Math.PI);
      const s = steps(rng, Math.max(n, 3 * period), rng.int(0, 2), 2, 8);
      return {
        values: scale(
          s.mean.map((m, i) => m + amplitude * Math.sin((2 * Math.PI * i) / period + phase) + rng.normal()),
        ),
        changes: s.changes,
      };
    }
    case 'heavy-tail': {
      const df = rng.int(2, 4);
      const s = steps(rng, n, rng.int(1, 3), 2, 8);
      return { values: scale(s.mean.map((m) => m + rng.studentT(df))), changes: s.changes };
    }
    case 'outliers': {
      const s = steps(rng, n, rng.int(0, 2), 2, 8);
      const spikes = positions(rng, n, Math.max(1, Math.round(n * rng.uniform(0.005, 0.02))), 3);
      const z = s.mean.map((m) => m + rng.normal());
      for (const i of spikes) z[i] += rng.sign() * rng.uniform(6, 15);
      return { values: scale(z), changes: s.changes, spikes };
    }
    case 'ar': {
      const phi = rng.uniform(0.4, 0.85);
      const s = steps(rng, n, rng.int(1, 3), 2, 8);
      let e = 0;
      // Innovations scaled so the noise itself has unit variance: the steps' sigmas are of what a person sees.
      const innovation = Math.sqrt(1 - phi * phi);
      const z = s.mean.map((m) => {
        e = phi * e + innovation * rng.normal();
        return m + e;
      });
      return { values: scale(z), changes: s.changes };
    }
    case 'counts': {
      const at = positions(rng, n, rng.int(1, 2), Math.max(10, Math.floor(n / 8)));
      let lambda = rng.uniform(2, 40);
      const changes: GeneratedChange[] = [];
      const values: number[] = [];
      for (let i = 0; i < n; i++) {
        if (at.includes(i)) {
          const next = lambda * (rng.next() < 0.5 ? rng.uniform(1.5, 3) : 1 / rng.uniform(1.5, 3));
          changes.push({ index: i, what: 'rate', sigmas: Math.abs(next - lambda) / Math.sqrt(Math.max(lambda, next)) });
          lambda = next;
        }
        values.push(rng.poisson(lambda));
      }
      return { values, changes };
    }
    case 'near-zero': {
      // Values around zero, crossing it (a difference, a temperature anomaly): the steps in sigmas of unit noise.
      const s = steps(rng, n, rng.int(1, 3), 2, 8);
      const unit = 10 ** rng.uniform(-1, 2);
      return { values: s.mean.map((m) => unit * (m - 1 + rng.normal())), changes: s.changes };
    }
    case 'no-change': {
      const flavour = rng.int(0, 3);
      const phi = rng.uniform(0.3, 0.7);
      const period = [7, 12, 24][rng.int(0, 2)];
      let e = 0;
      const z = Array.from({ length: n }, (_, i) => {
        if (flavour === 0) return rng.normal();
        if (flavour === 1) return (e = phi * e + Math.sqrt(1 - phi * phi) * rng.normal());
        if (flavour === 2) return 2 * Math.sin((2 * Math.PI * i) / period) + rng.normal();
        return rng.studentT(3);
      });
      return { values: scale(z), changes: [] };
    }
    case 'random-walk': {
      // A price: a random walk with drift; a crash (a jump of 8–20 daily moves), sometimes calmer or wilder after.
      const at = positions(rng, n, 1, Math.max(10, Math.floor(n / 5)))[0];
      const drift = rng.uniform(-0.1, 0.2);
      const jump = -rng.uniform(8, 20);
      const after = rng.next() < 0.5 ? 1 : rng.uniform(2, 4);
      let level = 0;
      const z = Array.from({ length: n }, (_, i) => {
        if (i === at) level += jump;
        return (level += drift + (i >= at ? after : 1) * rng.normal());
      });
      const lowest = Math.min(...z);
      // Shifted to stay positive, like a price, with the daily move 1–3 % of the starting level.
      const unit = base * rng.uniform(0.01, 0.03);
      return {
        values: z.map((v) => base + unit * (v - lowest + 10)),
        changes: [{ index: at, what: 'level', sigmas: Math.abs(jump) }],
      };
    }
    case 'growth': {
      // A yearly economic series: 20–60 points growing 2–6 % a year, a crisis that cuts 4–15 %, slower growth after.
      const len = rng.int(20, 60);
      const at = positions(rng, len, 1, 6)[0];
      const growth = rng.uniform(0.02, 0.06);
      const cut = rng.uniform(0.04, 0.15);
      const noise = rng.uniform(0.003, 0.01);
      let level = base;
      const values = Array.from({ length: len }, (_, i) => {
        level *= i === at ? 1 - cut : 1 + (i > at ? growth / 2 : growth);
        return level * (1 + noise * rng.normal());
      });
      return { values, changes: [{ index: at, what: 'level', sigmas: cut / noise }] };
    }
    case 'seasonal-trend': {
      // Monthly traffic: a yearly cycle of ±10–30 % on a growing trend, and a sudden drop of 15–40 % that recovers
      // over a year or two.
      const len = rng.int(72, 360);
      const at = positions(rng, len, 1, 24)[0];
      const amplitude = rng.uniform(0.1, 0.3);
      const growth = rng.uniform(0, 0.01);
      const drop = rng.uniform(0.15, 0.4);
      const recovery = rng.int(12, 30);
      const noise = rng.uniform(0.01, 0.04);
      const values = Array.from({ length: len }, (_, i) => {
        const dip = i < at ? 0 : drop * Math.max(0, 1 - (i - at) / recovery);
        return (
          base *
          (1 + growth) ** i *
          (1 + amplitude * Math.sin((2 * Math.PI * i) / 12)) *
          (1 - dip) *
          (1 + noise * rng.normal())
        );
      });
      return { values, changes: [{ index: at, what: 'level', sigmas: drop / (noise + amplitude / 4) }] };
    }
  }
}

/** Rounds to 6 significant digits, as a measured value is written down (and a CSV round-trips it exactly). */
const tidy = (v: number): number => Number(v.toPrecision(6));

/** The synthetic part: `perKind` series of each kind. */
export function generateLabelledCorpus(seed = 22, perKind = 12): LabelledSeries[] {
  if (!Number.isInteger(perKind) || perKind < 1)
    throw new RangeError(`perKind must be a whole number ≥ 1 (got ${perKind})`);
  const out: LabelledSeries[] = [];
  LABELLED_KINDS.forEach((kind, k) => {
    for (let i = 0; i < perKind; i++) {
      const rng = new SeededRandom(seed * 1_000_003 + k * 10_007 + i);
      const g = generate(kind as Exclude<LabelledKind, 'real'>, rng);
      const values = g.values.map(tidy);
      out.push({
        name: `${kind}-${String(i + 1).padStart(2, '0')}`,
        kind,
        values,
        changes: g.changes,
        annotations: annotate(rng, values.length, g.changes, g.spikes),
      });
    }
  });
  return out;
}

/** One suite's benches of a github-action-benchmark data.js, in push order: name → values. */
function benchHistories(file: string, suite: string): Map<string, number[]> {
  const text = fs.readFileSync(file, 'utf8');
  const data = JSON.parse(text.slice(text.indexOf('{')).replace(/;?\s*$/, '')) as {
    entries: Record<string, Array<{ benches: Array<{ name: string; value: number }> }>>;
  };
  const entries = data.entries[suite];
  if (!entries) throw new Error(`${file} has no suite "${suite}"`);
  const out = new Map<string, number[]>();
  for (const entry of entries) {
    for (const b of entry.benches) {
      if (!out.has(b.name)) out.set(b.name, []);
      out.get(b.name)!.push(b.value);
    }
  }
  return out;
}

/**
 * Real histories whose changes nobody would argue about (the run index of each change is 0-based in the series as
 * the CLI reads it: one run per entry, in push order). All five annotators give the same answer.
 *
 * - tokio `sync_mpsc` create_1_medium and create_100_000_medium (445 runs): every run up to 267 lies in 460–990 ns,
 *   every run from 268 (d4075a44) in 210–350 ns — a −60 % step, nothing else changes the level.
 * - mountpoint-s3 peak memory (30 runs): the read benchmarks step up at run 19 (a8af889f) and again at run 27
 *   (438bb9c0). rand_read_direct 14–18 → 28–29 → 46–47 MiB; seq_read 2,089–2,111 → 2,141–2,145 → 2,159–2,161 MiB
 *   (steps of 2 % and 0.8 % under a noise of ±5 MiB); seq_read_4t_small 46–51 → 68–69 → 86; rand_read_4t
 *   20–23 → 39 → 56–57 with a one-run spike of 208 at run 27 (the first run of the new level, so 27 is still the
 *   change); seq_read_skip_17m 2,103–2,112 → 2,141–2,145 → 2,156–2,160 after a first run of 3,450 (a spike, not a
 *   change). mix_2r2w stays in 4,700–4,840 with one run at 5,001: no change.
 */
export function realLabelledSeries(realDir: string): LabelledSeries[] {
  const tokio = path.join(realDir, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
  const memory = path.join(
    realDir,
    'github_action_benchmark/awslabs_mountpoint-s3_gh-pages/dev/bench/peak_mem_usage/data.js',
  );
  const mpsc = benchHistories(tokio, 'sync_mpsc');
  const peak = benchHistories(memory, 'Throughput Benchmark - Peak Memory Usage (S3 Standard)');
  const cases: Array<[string, Map<string, number[]>, string, number[]]> = [
    ['tokio-create-1-medium', mpsc, 'create_1_medium', [268]],
    ['tokio-create-100000-medium', mpsc, 'create_100_000_medium', [268]],
    ['mps3-rand-read-direct', peak, 'rand_read_direct', [19, 27]],
    ['mps3-seq-read', peak, 'seq_read', [19, 27]],
    ['mps3-seq-read-4t-small', peak, 'seq_read_4t_small', [19, 27]],
    ['mps3-rand-read-4t', peak, 'rand_read_4t', [19, 27]],
    ['mps3-seq-read-skip-17m', peak, 'seq_read_skip_17m', [19, 27]],
    ['mps3-mix-2r2w', peak, 'mix_2r2w', []],
  ];
  return cases.map(([name, histories, bench, at]) => {
    const values = histories.get(bench);
    if (!values) throw new Error(`no bench "${bench}" in the real histories`);
    return {
      name: `real-${name}`,
      kind: 'real' as const,
      values,
      changes: at.map((index) => ({ index, what: 'level' as const, sigmas: Infinity })),
      annotations: Array.from({ length: ANNOTATORS }, () => [...at]),
    };
  });
}
