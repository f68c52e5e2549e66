// Rust's libtest bench output (`cargo bench` with #[bench], or Criterion run with `--output-format bencher`):
//   test bleu::benchmark::bench_bleu ... bench:     298,794.10 ns/iter (+/- 2,639.98)
// Units as printed: ns/iter, μs/iter, ms/iter, s/iter → time [ns]; anything else (cycles/iter from
// custom measurements, MS/s) is kept as written. The (+/- x) spread is the range max − min of the
// samples, not a standard deviation, so it is not stored. The output carries no date.
import type { ArtifactImporter } from '../records.ts';
import { buildDims, malformed, resolveTs, RunBuilder } from './common.ts';
import { addMeasured, linesOf, printedNumber } from './text-lines.ts';

const BENCH_LINE = /^test\s+(.+?)\s+\.\.\.\s+bench:\s+([-+]?[\d,]*\.?\d+)\s+(\S+)\s+\(\+\/-\s+[\d,]*\.?\d+\)\s*$/;

export const libtestImporter: ArtifactImporter = {
  format: 'cargo bench (libtest)',
  detect(input) {
    return linesOf(input, true).some((line) => BENCH_LINE.test(line.trim()));
  },
  parse(input) {
    const run = new RunBuilder(this.format);
    const found: [string, number, string][] = [];
    let failed = 0;
    for (const raw of linesOf(input)) {
      const line = raw.trim();
      if (/^test\s+.+\s+\.\.\.\s+FAILED$/.test(line)) failed++;
      const m = BENCH_LINE.exec(line);
      if (!m) continue;
      const value = printedNumber(m[2]);
      if (value !== null) found.push([m[1], value, m[3]]);
    }
    if (!found.length) malformed('no "test name ... bench: 123 ns/iter (+/- 4)" lines were found.');
    const ts = resolveTs(null, input, run.notes);
    let custom = 0;
    for (const [name, value, unit] of found)
      if (!addMeasured(run, ts, input, { dims: buildDims(name, [], null), value, unit })) custom++;
    if (custom) run.note('Values in units other than time per iteration keep their unit as written, as metric name.');
    if (failed) run.note('The output reports failed tests (FAILED): their benchmarks have no result.');
    return run.finish();
  },
};
