// Which way is better for a metric, and its unit, guessed from the metric's name and unit.

export type Direction = 'higher' | 'lower';

const HIGHER =
  /(throughput|ops|qps|rps|tps|fps|items?_?per|per_?s(ec(ond)?)?\b|\/s\b|bandwidth|speed(up)?|score|accuracy|hit_?rate|rate\b|iterations?_?per|samples?_?per|tokens?_?per|requests?_?per|mb_?s\b|gb_?s\b|flops)/i;
const LOWER =
  /(latency|time|duration|elapsed|ms\b|_ms|_us|_ns|seconds?|_s\b|\bs\b|memory|mem\b|rss|heap|bytes|size|alloc|power|watts?|energy|joules?|cpu|cost|error|miss|p50|p90|p95|p99|wall|cycles|instructions)/i;

export function inferDirection(name: string, unit = ''): Direction {
  const text = `${name} ${unit}`.replace(/([a-z])([A-Z])/g, '$1_$2');
  if (HIGHER.test(text)) return 'higher';
  if (LOWER.test(text)) return 'lower';
  return 'lower';
}

const UNIT_PATTERNS: [RegExp, string][] = [
  [/_ops$|ops_s$|^ops$|qps$/i, 'ops/s'],
  [/_ms$|millis(econds?)?$/i, 'ms'],
  [/_us$|micros(econds?)?$/i, 'µs'],
  [/_ns$|nanos(econds?)?$/i, 'ns'],
  [/_s$|_sec$|seconds?$/i, 's'],
  [/_mib$|mebibytes?$/i, 'MiB'],
  [/_kib$|kibibytes?$/i, 'KiB'],
  [/_gib$|gibibytes?$/i, 'GiB'],
  [/_mb$|megabytes?$/i, 'MB'],
  [/_gb$|gigabytes?$/i, 'GB'],
  [/_kb$|kilobytes?$/i, 'KB'],
  [/bytes$/i, 'B'],
  [/watts?$|_w$/i, 'W'],
];

export function inferUnit(name: string): string {
  const perSecond = /(?:^|_)([a-z]+)_?per_?(?:s|sec|second)$/i.exec(name);
  if (perSecond) return `${perSecond[1].toLowerCase() === 'throughput' ? 'items' : perSecond[1]}/s`;
  const perOp = /^(ns|us|ms|s)_?per_?op$/i.exec(name);
  if (perOp) return perOp[1] === 'us' ? 'µs' : perOp[1];
  for (const [pattern, unit] of UNIT_PATTERNS) if (pattern.test(name)) return unit;
  return '';
}
