// Criterion.rs console output (`cargo bench` with Criterion's default report):
//   Benchmarking file: Analyzing
//   file                    time:   [320.62 ps 323.90 ps 327.55 ps]
//                           thrpt:  [1.2 GiB/s 1.3 GiB/s 1.4 GiB/s]
//                           change: [-2.0565% -0.2521% +1.6377%] (p = 0.79 > 0.05)
// The middle figure is the point estimate (lower and upper bounds of its confidence interval around it).
// A long name is printed on its own line, `time:` on the next. → time [ns], throughput as bytes or elements
// per second. The output carries no date.
import type { ArtifactImporter } from '../records.ts';
import { buildDims, malformed, resolveTs, RunBuilder } from './common.ts';
import { addMeasured, linesOf, printedNumber } from './text-lines.ts';

const NUM = '([-+]?[\\d,]*\\.?\\d+(?:[eE][-+]?\\d+)?)';
const TRIPLE = `\\[\\s*${NUM}\\s*(\\S+)\\s+${NUM}\\s*(\\S+)\\s+${NUM}\\s*(\\S+)\\s*\\]`;
const TIME_LINE = new RegExp(`^(.*?)\\s*time:\\s+${TRIPLE}\\s*$`);
const THRPT_LINE = new RegExp(`^\\s*thrpt:\\s+${TRIPLE}\\s*$`);
const ANALYZING = /^Benchmarking (.+): Analyzing$/;
const ELEMENTS = /^([KMG]?)elem\/s$/;

/** Criterion prints element rates as elem/s, Kelem/s, Melem/s, Gelem/s: → items per second. */
function elementRate(value: number, unit: string): [number, string] {
  const m = ELEMENTS.exec(unit);
  if (!m) return [value, unit];
  return [value * ({ '': 1, K: 1e3, M: 1e6, G: 1e9 } as Record<string, number>)[m[1]], 'items/s'];
}

export const criterionTextImporter: ArtifactImporter = {
  format: 'Criterion (console)',
  detect(input) {
    return linesOf(input, true).some((line) => TIME_LINE.test(line));
  },
  parse(input) {
    const run = new RunBuilder(this.format);
    const found: { name: string; value: number; unit: string }[] = [];
    let analyzing: string | null = null;
    let previous = '';
    let current: string | null = null;
    for (const raw of linesOf(input)) {
      const line = raw.trimEnd();
      const a = ANALYZING.exec(line.trim());
      const time = TIME_LINE.exec(line);
      const thrpt = THRPT_LINE.exec(line);
      if (a) analyzing = a[1];
      else if (time) {
        const printed = time[1].trim();
        current = printed || (previous && !previous.startsWith('Benchmarking ') ? previous : analyzing) || null;
        const value = printedNumber(time[4]);
        if (current && value !== null) found.push({ name: current, value, unit: time[5] });
      } else if (thrpt && current) {
        const value = printedNumber(thrpt[3]);
        if (value !== null) {
          const [scaled, unit] = elementRate(value, thrpt[4]);
          found.push({ name: current, value: scaled, unit });
        }
      }
      if (line.trim()) previous = line.trim();
    }
    if (!found.length) malformed('no "name  time: [1.2 ns 1.3 ns 1.4 ns]" lines were found.');
    const ts = resolveTs(null, input, run.notes);
    for (const f of found)
      addMeasured(run, ts, input, { dims: buildDims(f.name, [], null), value: f.value, unit: f.unit });
    return run.finish();
  },
};
