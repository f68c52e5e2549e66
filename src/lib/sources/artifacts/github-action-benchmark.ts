// github-action-benchmark's gh-pages history, dev/bench/data.js:
//   window.BENCHMARK_DATA = { lastUpdate, repoUrl, entries: { <suite>: [ { commit: {id, message,
//   timestamp, url, author …}, date, tool, benches: [ {name, value, unit, range?, extra?} ] } ] } }
// (also accepted as the bare JSON object). A whole history in one file: one run per entry, dated by the
// commit timestamp (else the entry's date). Units are normalised like the tools' own importers:
// ns/iter, us/iter … → time [ns]; ops/sec, iter/sec … → throughput [ops/s]; B/op → bytes_allocated;
// allocs/op → allocs. Other units keep their own name as metric. Which way is better comes from the tool
// when it says so (customBiggerIsBetter / customSmallerIsBetter), else from the unit (or name).
// Each record keeps its entry's commit context (URL, else repoUrl/commit/id; message; author), the value's
// `range` text and the entry's tool, so `perftrack import` can write them out and the page can show them; the range
// is also read as a number (lib/units/range.ts) in the value's stored unit, for error bars.
import { isObject, type ArtifactImporter, type ArtifactInput } from '../records.ts';
import type { Direction } from '../../model/metrics.ts';
import { parseRange } from '../../units/range.ts';
import {
  arr,
  buildDims,
  canonicalMetric,
  contentTime,
  inferDirectionFor,
  malformed,
  num,
  obj,
  parseLenientJson,
  plural,
  resolveTs,
  RunBuilder,
  str,
} from './common.ts';

const PREFIX = /^\s*(?:window\s*\.\s*)?BENCHMARK_DATA\s*=\s*/;

/** Each input's parsed history: detect and parse (and import's authors) read the same input, a text of megabytes. */
const parsed = new WeakMap<ArtifactInput, unknown>();

/** The history's object (undefined when the text is not one, e.g. cut short). */
export function documentOf(input: ArtifactInput): unknown {
  if (input.json !== undefined) return input.json;
  if (parsed.has(input)) return parsed.get(input);
  const text = input.text.replace(/^\uFEFF/, '');
  const m = PREFIX.exec(text);
  const doc = m ? parseLenientJson(text.slice(m[0].length)) : undefined;
  parsed.set(input, doc);
  return doc;
}

/** "Name (@username)", either alone, or null. */
export function authorText(author: unknown): string | null {
  const a = obj(author);
  const name = str(a.name);
  const user = str(a.username);
  if (name && user && name !== user) return `${name} (@${user})`;
  return name ?? (user ? `@${user}` : null);
}

/** The commit's page: its own URL when the entry has one, else the history's repository URL + /commit/id. */
export function commitPage(url: unknown, repoUrl: unknown, id: string | null): string | null {
  const own = str(url);
  if (own && /^https?:\/\//i.test(own)) return own;
  const repo = str(repoUrl)?.replace(/\/+$/, '');
  return repo && id && /^https?:\/\//i.test(repo) ? `${repo}/commit/${id}` : null;
}

function looksLikeData(doc: unknown): doc is Record<string, unknown> {
  if (!isObject(doc) || !isObject(doc.entries)) return false;
  const suites = Object.values(doc.entries);
  if (!suites.length) return 'lastUpdate' in doc || 'repoUrl' in doc;
  return suites.some((runs) => Array.isArray(runs) && runs.some((r) => isObject(r) && Array.isArray(r.benches)));
}

/** A half-width in the bench's unit, in the unit its value is stored in. */
function scaled(half: number | null, kind: { factor: number } | null): number | null {
  return half === null ? null : half * (kind ? kind.factor : 1);
}

const HIGHER_TOOLS = new Set(['customBiggerIsBetter']);
const LOWER_TOOLS = new Set(['customSmallerIsBetter']);

export const githubActionBenchmarkImporter: ArtifactImporter = {
  format: 'github-action-benchmark',
  detect(input) {
    if (input.json === undefined && !PREFIX.test(input.text.slice(0, 256))) return false;
    const doc = documentOf(input);
    // A file that starts as a history but cannot be read is one cut short: parse says so.
    return doc === undefined || looksLikeData(doc);
  },
  parse(input) {
    const doc = documentOf(input);
    if (doc === undefined)
      malformed(
        'it starts as a github-action-benchmark data.js history (window.BENCHMARK_DATA = …) but its object is cut short or damaged: copy the whole file again.',
      );
    if (!looksLikeData(doc))
      malformed(
        'it is not a github-action-benchmark data.js history (window.BENCHMARK_DATA = { entries: … } expected).',
      );
    const run = new RunBuilder(this.format);
    let fallback: number | null = null;
    let skipped = 0;
    let custom = 0;
    let runs = 0;
    // A history repeats the same few units and benchmark names in every entry: each is read once per parse.
    const kinds = new Map<string, ReturnType<typeof canonicalMetric>>();
    const kindOf = (unit: string) => {
      if (!kinds.has(unit)) kinds.set(unit, canonicalMetric(unit));
      return kinds.get(unit)!;
    };
    for (const [suite, entries] of Object.entries(doc.entries as Record<string, unknown>)) {
      // RunBuilder.add copies a record's dims, so one list serves every run of a benchmark.
      const suiteDims = new Map<string, ReturnType<typeof buildDims>>();
      const dims = (name: string) => {
        if (!suiteDims.has(name)) suiteDims.set(name, buildDims(name, [], null, [['suite', suite]]));
        return suiteDims.get(name)!;
      };
      for (const entry of arr(entries)) {
        if (!isObject(entry)) {
          skipped++;
          continue;
        }
        runs++;
        const commit = obj(entry.commit);
        const commitId = str(commit.id);
        const tool = str(entry.tool) ?? '';
        const context = {
          commitUrl: commitPage(commit.url, doc.repoUrl, commitId),
          message: str(commit.message),
          author: authorText(commit.author),
          tool: tool || null,
        };
        const ts =
          contentTime(commit.timestamp) ?? contentTime(entry.date) ?? (fallback ??= resolveTs(null, input, run.notes));
        const runGroup = commitId ? `${input.name}@${commitId.slice(0, 12)}` : input.name;
        for (const bench of arr(entry.benches)) {
          const b = obj(bench);
          const rawName = str(b.name);
          const value = num(b.value);
          if (!rawName || value === null) {
            skipped++;
            continue;
          }
          // Old versions of the action's Go parser left the rest of the line in the unit
          // ("ns/op\t 4.000 auxMetricUnits"): the first word is the unit, the pairs after it are further metrics.
          const [unit, ...aux] = (str(b.unit) ?? '').split(/\s+/);
          const values: [number, string][] = [[value, unit]];
          for (let i = 0; i + 1 < aux.length; i += 2) {
            const auxValue = num(aux[i]);
            if (auxValue !== null) values.push([auxValue, aux[i + 1]]);
          }
          // The go extractor names -benchmem metrics "BenchmarkX - B/op": the unit is already the metric.
          const name = unit && rawName.endsWith(` - ${unit}`) ? rawName.slice(0, -(unit.length + 3)) : rawName;
          for (const [v, u] of values) {
            const kind = kindOf(u);
            if (!kind) custom++;
            // The custom tools say which way is better for every value of the suite; the others follow the unit.
            const direction: Direction = HIGHER_TOOLS.has(tool)
              ? 'higher'
              : LOWER_TOOLS.has(tool)
                ? 'lower'
                : kind
                  ? kind.direction
                  : inferDirectionFor(name, u);
            run.add({
              ts,
              dims: dims(name),
              metric: kind ? kind.metric : u || 'value',
              unit: kind ? kind.unit : u,
              direction,
              value: v * (kind ? kind.factor : 1),
              commit: commitId,
              runGroup,
              environment: null,
              ...context,
              // The range text is the tool's for the bench's own value, not for the metrics after its unit.
              range: u === unit ? (str(b.range) ?? null) : null,
              spread: u === unit ? scaled(parseRange(str(b.range), v, u, { tool, extra: str(b.extra) }), kind) : null,
            });
          }
        }
      }
    }
    if (skipped) run.note(`${plural(skipped, 'entry')} without a name or a numeric value were skipped.`);
    if (custom)
      run.note('Values with units other than time, operations, bytes or allocations keep their unit as metric name.');
    if (!runs) run.note('The history holds no benchmark runs.');
    return run.finish();
  },
};
