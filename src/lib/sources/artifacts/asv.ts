// asv (airspeed velocity) result files, results/<machine>/<commit[:8]>-<env>.json:
//   { commit_hash, date (commit time, ms), env_name, python, params {machine, cpu, os, …},
//     requirements, result_columns [...], results { name: [col values…] }, version: 2 }
// In the v2 layout each result is a row aligned with result_columns (result, params, version,
// started_at, duration, stats_*, samples, profile), trailing empty columns dropped. The older v1 layout
// maps name → a value or { result, params, stats, samples }. A parameterised benchmark's results are
// the cartesian product of its params (repr strings) in order; each combination is one series, with
// dimensions param1, param2 … (asv's default names; the real names live in benchmarks.json).
// The benchmark's kind comes from its name: time_*/timeraw_* (seconds), mem_*/peakmem_* (bytes),
// track_* (unit unknown here). asv's JSON may contain NaN/Infinity literals.
// benchmarks.json and machine.json in the same tree describe the suite and the machine: no records.
// asv.conf.json at the project's root names the repository (show_commit_url, else repo): opened with the results, it
// gives their commits their pages (linkAsvCommits).
import { commitLink, normaliseCommitTemplate } from '../../format/commit-link.ts';
import { isObject, type ArtifactImporter, type ArtifactInput } from '../records.ts';
import type { RunFile } from '../run-order.ts';
import {
  arr,
  buildDims,
  contentTime,
  malformed,
  num,
  obj,
  parseLenientJson,
  pathParts,
  plural,
  readJson,
  resolveTs,
  RunBuilder,
  samplesOf,
  str,
} from './common.ts';

type Kind = 'results' | 'benchmarks' | 'machine';

const BENCH_TYPES = new Set(['time', 'memory', 'peakmemory', 'track']);

function kindOf(input: ArtifactInput): Kind | null {
  if (input.json === undefined && !/"(commit_hash|machine|code)"/.test(input.text.slice(0, 1 << 16))) return null;
  const doc = readJson(input);
  if (!isObject(doc)) return null;
  if (
    typeof doc.commit_hash === 'string' &&
    isObject(doc.results) &&
    ('env_name' in doc || 'python' in doc || Array.isArray(doc.result_columns))
  )
    return 'results';
  const entries = Object.entries(doc).filter(([k]) => k !== 'version');
  if (
    entries.length &&
    entries.every(
      ([, v]) =>
        isObject(v) && typeof v.code === 'string' && typeof v.name === 'string' && BENCH_TYPES.has(String(v.type)),
    )
  )
    return 'benchmarks';
  if (
    /(^|[\\/])machine\.json$/i.test(input.name) &&
    typeof doc.machine === 'string' &&
    ['arch', 'cpu', 'os', 'ram', 'num_cpu'].some((k) => k in doc)
  )
    return 'machine';
  return null;
}

/** asv stores parameter values as Python reprs: "'float64'" → float64, "100" → 100. */
function unrepr(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : String(value);
  const quoted = /^(['"])(.*)\1$/s.exec(text);
  return quoted ? quoted[2] : text;
}

function cartesian(lists: unknown[][]): string[][] {
  let out: string[][] = [[]];
  for (const list of lists) {
    if (out.length * list.length > 100_000) return [];
    const next: string[][] = [];
    for (const prefix of out) for (const v of list) next.push([...prefix, unrepr(v) ?? 'None']);
    out = next;
  }
  return out;
}

interface Entry {
  name: string;
  results: unknown[];
  params: unknown[][];
  samples: unknown[] | null;
  startedAt: number | null;
}

function entries(doc: Record<string, unknown>, run: RunBuilder): Entry[] {
  const out: Entry[] = [];
  const columns = Array.isArray(doc.result_columns) ? doc.result_columns.map(String) : null;
  for (const [name, raw] of Object.entries(obj(doc.results))) {
    if (columns) {
      const row = arr(raw);
      const col = (key: string): unknown => {
        const i = columns.indexOf(key);
        return i >= 0 ? row[i] : undefined;
      };
      const result = col('result');
      out.push({
        name,
        results: Array.isArray(result) ? result : [result ?? null],
        params: arr(col('params')).map((p) => arr(p)),
        samples: Array.isArray(col('samples')) ? (col('samples') as unknown[]) : null,
        startedAt: num(col('started_at')),
      });
    } else if (isObject(raw)) {
      const result = raw.result;
      out.push({
        name,
        results: Array.isArray(result) ? result : [result],
        params: arr(raw.params).map((p) => arr(p)),
        samples: Array.isArray(raw.samples) ? raw.samples : null,
        startedAt: num(obj(doc.started_at)[name]),
      });
    } else {
      out.push({ name, results: [raw], params: [], samples: null, startedAt: num(obj(doc.started_at)[name]) });
    }
  }
  if (!columns && doc.version !== undefined && doc.version !== 1)
    run.note(`Results file version ${String(doc.version)} without result_columns: read as the v1 layout.`);
  return out;
}

/** The kind of an asv benchmark from the last part of its name. */
function kindOfBenchmark(name: string): { metric: string; unit: string; factor: number } {
  const last = name.split('.').pop() ?? name;
  if (/^time(raw)?_/.test(last)) return { metric: 'time', unit: 'ns', factor: 1e9 };
  if (/^peakmem_/.test(last)) return { metric: 'peak_memory', unit: 'B', factor: 1 };
  if (/^mem_/.test(last)) return { metric: 'memory', unit: 'B', factor: 1 };
  return { metric: 'tracked', unit: '', factor: 1 };
}

export const asvImporter: ArtifactImporter = {
  format: 'asv (airspeed velocity)',
  detect(input) {
    return kindOf(input) !== null;
  },
  parse(input) {
    const kind = kindOf(input);
    if (!kind) malformed('it is not an asv results file (commit_hash, env_name and results are expected).');
    const run = new RunBuilder(this.format);
    if (kind === 'benchmarks') {
      run.note(
        'benchmarks.json lists the asv benchmark suite (code, parameters, units), not results: import the files in results/<machine>/ instead.',
      );
      return run.finish();
    }
    if (kind === 'machine') {
      run.note('machine.json describes an asv machine, not results: import the <commit>-<env>.json files next to it.');
      return run.finish();
    }
    const doc = obj(readJson(input));
    const params = obj(doc.params);
    const folders = pathParts(input.name);
    const machine = str(params.machine) ?? (folders.length >= 2 ? folders[folders.length - 2] : null);
    const envName = str(doc.env_name);
    const environment =
      [str(params.cpu), str(params.os), doc.python !== undefined ? `Python ${String(doc.python)}` : '']
        .filter(Boolean)
        .join(', ') || null;
    const commit = str(doc.commit_hash);
    const commitTs = contentTime(doc.date);
    let fallbackTs: number | null = null;
    const tsFor = (startedAt: number | null): number =>
      commitTs ?? contentTime(startedAt) ?? (fallbackTs ??= resolveTs(null, input, run.notes));
    let failed = 0;
    let tracked = 0;
    let records = 0;
    for (const entry of entries(doc, run)) {
      const k = kindOfBenchmark(entry.name);
      const combos = entry.params.length ? cartesian(entry.params) : [[]];
      if (entry.params.length && combos.length !== entry.results.length) {
        run.note(
          `${entry.name}: ${entry.results.length} result(s) for ${combos.length} parameter combination(s); the results were matched in order.`,
        );
      }
      const ts = tsFor(entry.startedAt);
      entry.results.forEach((value, i) => {
        const v = num(value);
        const combo = combos[i];
        if (v === null || !combo) {
          failed++;
          return;
        }
        const dims = buildDims(
          entry.name,
          combo.map((p, j): [string, string] => [`param${j + 1}`, p]),
          machine,
          envName ? [['env', envName]] : [],
        );
        const samples = entry.samples ? samplesOf(entry.samples[i], k.factor) : undefined;
        run.add({
          ts,
          dims,
          metric: k.metric,
          unit: k.unit,
          direction: 'lower',
          value: v * k.factor,
          samples,
          commit,
          runGroup: input.name,
          environment,
        });
        records++;
        if (k.metric === 'tracked') tracked++;
      });
    }
    if (failed) run.note(`Left out ${plural(failed, 'result')} that failed or were skipped (null / NaN in the file).`);
    if (tracked)
      run.note(
        'track_* benchmarks were imported as "tracked" without a unit (their unit is in benchmarks.json), lower is better.',
      );
    if (!records && !failed) run.note('The results file lists no benchmark results.');
    return run.finish();
  },
};

const CONF_NAME = /(^|\/)asv\.conf\.json$/i;

/** Hosts that serve HTTPS, whose commit pages asv.conf.json may still name with http://. */
const HTTPS_HOSTS = new Set(['github.com', 'www.github.com', 'gitlab.com', 'www.gitlab.com']);

/**
 * The commit page template an asv.conf.json gives, or '': its `show_commit_url` (asv appends the hash to it), else
 * a GitHub or GitLab `repo` (https or ssh form) minus `.git` plus `/commit/` (GitLab: `/-/commit/`). Other hosts and
 * local repositories give none.
 */
export function asvCommitTemplate(conf: unknown): string {
  if (!isObject(conf)) return '';
  const shown = typeof conf.show_commit_url === 'string' ? conf.show_commit_url.trim() : '';
  if (shown) {
    const template = normaliseCommitTemplate(upgradeToHttps(shown) + '{commit}');
    if (template) return template;
  }
  const repo = typeof conf.repo === 'string' ? conf.repo.trim() : '';
  // git@host:owner/name.git and ssh://git@host/owner/name.git name the same repository as https://host/owner/name.
  const ssh = /^(?:ssh:\/\/)?git@([^:/\s]+)[:/](.+)$/.exec(repo);
  const web = ssh ? `https://${ssh[1]}/${ssh[2]}` : repo.replace(/^git:\/\//, 'https://');
  let url: URL;
  try {
    url = new URL(upgradeToHttps(web));
  } catch {
    return '';
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '';
  if (!/^\/[^/]+\/.+/.test(path)) return '';
  const host = url.hostname.toLowerCase();
  const base = `${url.origin}${path}`;
  if (host === 'github.com' || host === 'www.github.com') return normaliseCommitTemplate(`${base}/commit/{commit}`);
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) return normaliseCommitTemplate(`${base}/-/commit/{commit}`);
  return '';
}

function upgradeToHttps(url: string): string {
  const m = /^http:\/\/([^/:]+)(.*)$/i.exec(url);
  return m && HTTPS_HOSTS.has(m[1].toLowerCase()) ? `https://${m[1]}${m[2]}` : url;
}

/**
 * Give the asv runs of files opened together their commits' pages from an asv.conf.json opened with them: the conf
 * of the nearest folder above a results file, else the only conf of the batch (results picked beside it). A record
 * keeps a page its file gave. Without a conf nothing changes; a conf that cannot be read is said in a note.
 */
export function linkAsvCommits(runs: RunFile[], files: { name: string; bytes: Uint8Array }[]): void {
  const asv = runs.filter((r) => r.run.format === asvImporter.format);
  if (!asv.length) return;
  const confs: { folder: string; template: string }[] = [];
  for (const file of files) {
    const name = file.name.replace(/\\/g, '/');
    if (!CONF_NAME.test(name)) continue;
    const folder = name.slice(0, name.length - 'asv.conf.json'.length);
    const conf = parseLenientJson(new TextDecoder().decode(file.bytes).replace(/^\uFEFF/, ''));
    const template = asvCommitTemplate(conf);
    if (!isObject(conf))
      asv[0].run.notes.push(`${file.name} could not be read as JSON: asv commits are not linked to their pages.`);
    else if (!template && (conf.show_commit_url || conf.repo))
      asv[0].run.notes.push(
        `${file.name} names no GitHub or GitLab repository (repo ${JSON.stringify(conf.repo ?? null)}): asv commits are not linked; give a commit URL template (Settings, or report --commit-url).`,
      );
    confs.push({ folder, template });
  }
  if (!confs.length) return;
  for (const { path, run } of asv) {
    const name = path.replace(/\\/g, '/');
    const above = confs.filter((c) => name.startsWith(c.folder)).sort((a, b) => b.folder.length - a.folder.length);
    const template = (above[0] ?? (confs.length === 1 ? confs[0] : null))?.template;
    if (!template) continue;
    // One link per commit (a results file is one commit): building it checks the template, once.
    const links = new Map<string | null | undefined, string | null>();
    run.records.forEach((record, i) => {
      if (record.commitUrl) return;
      if (!links.has(record.commit)) links.set(record.commit, commitLink(template, record.commit));
      // A new record rather than a property added: records are dictionary-mode objects (RunBuilder deletes
      // `samples`), where adding one took about twice as long on django's 10,868 records.
      run.records[i] = { ...record, commitUrl: links.get(record.commit) };
    });
  }
}
