// Benchmark.js console output, one line per benchmark (String(benchmark)):
//   fib(10) x 1,431,759 ops/sec ±0.74% (93 runs sampled)
// → throughput [ops/s], higher is better. ±x% is the relative margin of error; the output has no date.
import type { ArtifactImporter } from '../records.ts';
import { buildDims, malformed, resolveTs, RunBuilder } from './common.ts';
import { addMeasured, linesOf, printedNumber } from './text-lines.ts';

const RESULT_LINE = /^(.+?)\s+x\s+([\d,]*\.?\d+)\s+(ops\/sec)\s+±\s*[\d.]+%\s+\((\d+)\s+runs?\s+sampled\)\s*$/;

export const benchmarkJsImporter: ArtifactImporter = {
  format: 'Benchmark.js',
  detect(input) {
    return linesOf(input, true).some((line) => RESULT_LINE.test(line.trim()));
  },
  parse(input) {
    const run = new RunBuilder(this.format);
    const found: [string, number, string][] = [];
    for (const raw of linesOf(input)) {
      const m = RESULT_LINE.exec(raw.trim());
      const value = m ? printedNumber(m[2]) : null;
      if (m && value !== null) found.push([m[1], value, m[3]]);
    }
    if (!found.length) malformed('no "name x 1,234 ops/sec ±1.2% (90 runs sampled)" lines were found.');
    const ts = resolveTs(null, input, run.notes);
    for (const [name, value, unit] of found)
      addMeasured(run, ts, input, { dims: buildDims(name, [], null), value, unit, direction: 'higher' });
    return run.finish();
  },
};
