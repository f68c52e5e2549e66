// The Luau benchmark runner's console output (luau/bench/bench.py):
//   SUCCESS: base64          :   15.041ms +/-  0.636% on luau
// one line per benchmark and driver, the mean time of its runs; a results table follows (Min, Average,
// StdDev%, Driver) that repeats the averages. → time [ns] per benchmark, the driver as a dimension.
import type { ArtifactImporter } from '../records.ts';
import { buildDims, malformed, resolveTs, RunBuilder } from './common.ts';
import { addMeasured, linesOf, printedNumber } from './text-lines.ts';

const RESULT_LINE = /^SUCCESS:\s+(.+?)\s*:\s*([\d,]*\.?\d+)\s*([a-zµμ]+)\s+\+\/-\s*[\d.]+%\s+on\s+(.+?)\s*$/;

export const luauImporter: ArtifactImporter = {
  format: 'Luau benchmark',
  detect(input) {
    return linesOf(input, true).some((line) => RESULT_LINE.test(line.trim()));
  },
  parse(input) {
    const run = new RunBuilder(this.format);
    const found: [string, number, string, string][] = [];
    for (const raw of linesOf(input)) {
      const m = RESULT_LINE.exec(raw.trim());
      const value = m ? printedNumber(m[2]) : null;
      if (m && value !== null) found.push([m[1], value, m[3], m[4]]);
    }
    if (!found.length) malformed('no "SUCCESS: name : 15.041ms +/- 0.636% on luau" lines were found.');
    const ts = resolveTs(null, input, run.notes);
    for (const [name, value, unit, driver] of found)
      addMeasured(run, ts, input, { dims: buildDims(name, [], null, [['driver', driver]]), value, unit });
    return run.finish();
  },
};
