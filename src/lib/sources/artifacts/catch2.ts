// Catch2's XML reporter (`-r xml`): v3 writes <Catch2TestRun name rng-seed catch2-version …>, v2 writes
// <Catch name><Group name>. Benchmarks appear inside <TestCase name> (and nested <Section name>) as
//   <BenchmarkResults name samples resamples iterations clockResolution estimatedDuration>
//     <mean value lowerBound upperBound ci/> <standardDeviation …/> <outliers …/>
//   </BenchmarkResults>
// with every value in nanoseconds ("All values in nano seconds"); a failed benchmark holds <failed message/>.
// The reporter writes no raw samples and no date. A small tag scanner is used (no DOM in workers).
import type { ArtifactImporter } from '../records.ts';
import { buildDims, malformed, num, plural, resolveTs, RunBuilder } from './common.ts';

interface Tag {
  kind: 'open' | 'close' | 'self';
  name: string;
  attrs: Record<string, string>;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,4});/g, (whole, code: string) => {
    if (code[0] === '#') {
      const cp = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(cp) && cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return ENTITIES[code] ?? whole;
  });
}

/** Visit every tag of an XML text in order; returns false when the text ends inside a tag or comment. */
export function scanTags(text: string, visit: (tag: Tag) => void): boolean {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return true;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) return false;
      i = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) return false;
      i = end + 3;
      continue;
    }
    if (text.startsWith('<?', lt) || text.startsWith('<!', lt)) {
      const end = text.indexOf('>', lt + 2);
      if (end < 0) return false;
      i = end + 1;
      continue;
    }
    let j = lt + 1;
    let quote = '';
    for (; j < n; j++) {
      const c = text[j];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
      else if (c === '<') break;
    }
    if (j >= n) return false;
    if (text[j] === '<') {
      // A stray '<' in text: not a tag.
      i = j;
      continue;
    }
    const body = text.slice(lt + 1, j);
    i = j + 1;
    if (body.startsWith('/')) {
      visit({ kind: 'close', name: body.slice(1).trim(), attrs: {} });
      continue;
    }
    const selfClosing = body.endsWith('/');
    const inner = selfClosing ? body.slice(0, -1) : body;
    const nameMatch = /^[^\s/>]+/.exec(inner);
    if (!nameMatch) continue;
    const attrs: Record<string, string> = {};
    const attrPattern = /([^\s=/"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
    const rest = inner.slice(nameMatch[0].length);
    for (let m = attrPattern.exec(rest); m; m = attrPattern.exec(rest)) {
      Object.defineProperty(attrs, m[1], {
        value: decode(m[2] ?? m[3] ?? ''),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    visit({ kind: selfClosing ? 'self' : 'open', name: nameMatch[0], attrs });
  }
  return true;
}

const ROOT = /<(Catch2TestRun|Catch)[\s>]/;

function rootOf(text: string): 'v3' | 'v2' | null {
  const head = text
    .slice(0, 8192)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!head.startsWith('<')) return null;
  const m = ROOT.exec(head.slice(0, 4096));
  if (!m) return null;
  return m[1] === 'Catch2TestRun' ? 'v3' : 'v2';
}

interface Bench {
  name: string;
  testCase: string;
  mean: number | null;
  failed: boolean;
}

export const catch2Importer: ArtifactImporter = {
  format: 'Catch2',
  detect(input) {
    return input.json === undefined && rootOf(input.text) !== null;
  },
  parse(input) {
    const version = rootOf(input.text);
    if (!version) malformed('it is not a Catch2 XML report (<Catch2TestRun> or <Catch> root element expected).');
    const run = new RunBuilder(this.format);
    const rootName = version === 'v3' ? 'Catch2TestRun' : 'Catch';
    const path: string[] = [];
    let current: Bench | null = null;
    let rootClosed = false;
    const done: Bench[] = [];
    const finish = () => {
      if (current) done.push(current);
      current = null;
    };
    const complete = scanTags(input.text, (tag) => {
      if (tag.kind === 'close') {
        if (tag.name === 'BenchmarkResults') finish();
        else if (tag.name === 'TestCase' || tag.name === 'Section') {
          if (current) finish();
          path.pop();
        } else if (tag.name === rootName) rootClosed = true;
        return;
      }
      if (tag.name === 'TestCase' || tag.name === 'Section') {
        if (tag.kind === 'open') path.push(tag.attrs.name ?? '');
        return;
      }
      if (tag.name === 'BenchmarkResults') {
        if (current) finish();
        current = { name: tag.attrs.name ?? '', testCase: path.filter(Boolean).join(' / '), mean: null, failed: false };
        if (tag.kind === 'self') finish();
        return;
      }
      if (!current) return;
      if (tag.name === 'mean') current.mean = num(tag.attrs.value);
      else if (tag.name === 'failed') current.failed = true;
    });
    // A benchmark still open when the text ends was cut off: its numbers may be incomplete.
    current = null;
    const truncated = !complete || !rootClosed;
    if (truncated && done.length === 0)
      malformed(`the XML ends before </${rootName}>: the file looks truncated and no complete benchmark was read.`);
    if (truncated)
      run.note(
        `The XML ends before </${rootName}>: the file looks truncated; the ${plural(done.length, 'benchmark')} read before the cut were kept.`,
      );
    const ts = resolveTs(null, input, run.notes);
    let failed = 0;
    for (const b of done) {
      if (b.failed || b.mean === null || !b.name) {
        failed++;
        continue;
      }
      const dims = buildDims(b.name, [], null, [['test_case', b.testCase || null]]);
      run.add({
        ts,
        dims,
        metric: 'time',
        unit: 'ns',
        direction: 'lower',
        value: b.mean,
        runGroup: input.name,
        environment: null,
      });
    }
    if (failed) run.note(`Skipped ${plural(failed, 'benchmark')} that failed or had no mean.`);
    if (done.length === 0)
      run.note(
        'The report holds no <BenchmarkResults>: run the tests with benchmarks enabled (they are skipped by --skip-benchmarks / [!benchmark] filters).',
      );
    return run.finish();
  },
};
