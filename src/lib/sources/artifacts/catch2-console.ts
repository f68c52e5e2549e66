// Catch2's console reporter (v2 and v3) for BENCHMARKs:
//   -------------------------------------------------------------------------------
//   Fibonacci                                          ← test case (and nested sections, indented)
//   -------------------------------------------------------------------------------
//   /path/catch2_bench.cpp:5
//   ...............................................................................
//   benchmark name                       samples       iterations    estimated     ← 3 header lines
//   -------------------------------------------------------------------------------
//   Fibonacci 10                                 100           208     7.1968 ms    ← name, samples, iterations, estimate
//                                             344 ns        341 ns        349 ns    ← mean, low mean, high mean
//                                              19 ns         11 ns         29 ns    ← std dev, low, high
// A long name wraps: its rest starts the mean line. → time [ns] = mean per benchmark, the test case as a
// dimension. The output carries no date.
import type { ArtifactImporter } from '../records.ts';
import { buildDims, malformed, resolveTs, RunBuilder } from './common.ts';
import { addMeasured, linesOf, printedNumber } from './text-lines.ts';

const HOST_LINE = /is a Catch2? v\d+\.\d+\.\d+ host application|^Randomness seeded to:/;
const HEADER_LINE = /^benchmark name\s+samples\s+iterations\s+(estimated|est run time)\s*$/;
const RULE = /^-{20,}$/;
const DOTS = /^\.{20,}$/;
const VALUE = '([-+]?\\d*\\.?\\d+(?:[eE][-+]?\\d+)?)\\s*(ns|us|µs|ms|s)';
const FIRST_LINE = new RegExp(`^(.*?)\\s+(\\d+)\\s+(\\d+)\\s+${VALUE}\\s*$`);
const STATS_LINE = new RegExp(`^(.*?)\\s*${VALUE}\\s+${VALUE}\\s+${VALUE}\\s*$`);

export const catch2ConsoleImporter: ArtifactImporter = {
  format: 'Catch2 (console)',
  detect(input) {
    const lines = linesOf(input, true).map((l) => l.trim());
    return lines.some((l) => HEADER_LINE.test(l)) && lines.some((l) => HOST_LINE.test(l) || RULE.test(l));
  },
  parse(input) {
    const run = new RunBuilder(this.format);
    const lines = linesOf(input).map((l) => l.trimEnd());
    const found: { testCase: string | null; name: string; value: number; unit: string }[] = [];
    let testCase: string | null = null;
    let inTable = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (RULE.test(line)) {
        // A test case heading: rule, name lines, rule, source location, dots.
        const close = lines.findIndex((l, j) => j > i && j <= i + 8 && RULE.test(l.trim()));
        if (close > i + 1 && DOTS.test((lines[close + 2] ?? '').trim())) {
          testCase = lines
            .slice(i + 1, close)
            .map((l) => l.trim())
            .filter(Boolean)
            .join(' ');
          inTable = false;
          i = close + 2;
          continue;
        }
        continue;
      }
      if (HEADER_LINE.test(line)) {
        inTable = true;
        continue;
      }
      if (!inTable) continue;
      const first = FIRST_LINE.exec(line);
      const stats = first ? STATS_LINE.exec((lines[i + 1] ?? '').trim()) : null;
      if (!first || !stats) continue;
      const name = [first[1].trim(), stats[1].trim()].filter(Boolean).join(' ');
      const value = printedNumber(stats[2]);
      if (name && value !== null) found.push({ testCase, name, value, unit: stats[3] });
      i += 2;
    }
    if (!found.length)
      malformed('no benchmark results (name, samples, iterations, then mean and std dev lines) were found.');
    const ts = resolveTs(null, input, run.notes);
    for (const f of found)
      addMeasured(run, ts, input, {
        dims: buildDims(f.name, [], null, f.testCase ? [['test_case', f.testCase]] : []),
        value: f.value,
        unit: f.unit,
      });
    return run.finish();
  },
};
