// Which way is better for a metric, and its unit, guessed from the metric's name and unit.

export type Direction = 'higher' | 'lower';

const HIGHER = /(throughput|ops|qps|rps|tps|fps|items?_?per|per_?s(ec(ond)?)?\b|\/s\b|bandwidth|speed(up)?|score|accuracy|hit_?rate|rate\b|iterations?_?per|samples?_?per|tokens?_?per|requests?_?per|mb_?s\b|gb_?s\b|flops)/i;
const LOWER = /(latency|time|duration|elapsed|ms\b|_ms|_us|_ns|seconds?|_s\b|\bs\b|memory|mem\b|rss|heap|bytes|size|alloc|power|watts?|energy|joules?|cpu|cost|error|miss|p50|p90|p95|p99|wall|cycles|instructions)/i;

export function inferDirection(name: string, unit = ''): Direction {
  const text = `${name} ${unit}`.replace(/([a-z])([A-Z])/g, '$1_$2');
  if (HIGHER.test(text)) return 'higher';
  if (LOWER.test(text)) return 'lower';
  return 'lower';
}

const UNIT_PATTERNS: [RegExp, string][] = [
  [/items?_?per_?s(ec(ond)?)?$/i, 'items/s'],
  [/ops_?per_?s(ec(ond)?)?$|_ops$|ops_s$/i, 'ops/s'],
  [/tokens?_?per_?s(ec(ond)?)?$/i, 'tokens/s'],
  [/_ms$|millis(econds?)?$/i, 'ms'],
  [/_us$|micros(econds?)?$/i, 'µs'],
  [/_ns$|nanos(econds?)?$/i, 'ns'],
  [/_s$|_sec$|seconds?$/i, 's'],
  [/_mb$|megabytes?$/i, 'MB'],
  [/_gb$|gigabytes?$/i, 'GB'],
  [/_kb$|kilobytes?$/i, 'KB'],
  [/bytes$/i, 'B'],
  [/watts?$|_w$/i, 'W'],
];

export function inferUnit(name: string): string {
  for (const [pattern, unit] of UNIT_PATTERNS) if (pattern.test(name)) return unit;
  return '';
}
