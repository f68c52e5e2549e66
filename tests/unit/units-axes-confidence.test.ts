// Units, axes and confidence that agree (issue 24): binary memory stays binary, selects name the unit family their
// axis reads in, time axes read 24-hour UTC, "run →" sits clear of the last tick, positive series keep their
// evidence above zero, low-confidence findings are never critical, and report levels end where the next change starts.
import fs from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { LOW_CONFIDENCE_P, severityClass } from '../../src/lib/analysis/settings.ts';
import { utcTickFormat } from '../../src/lib/charts/time-axis.ts';
import { timeSeriesChart } from '../../src/lib/charts/timeseries.ts';
import { formatValue } from '../../src/lib/format/format.ts';
import { parseArtifact } from '../../src/lib/sources/artifacts/index.ts';
import { reconcileUnits } from '../../src/lib/units/reconcile.ts';
import { metricLabel, unitFamilyLabel } from '../../src/lib/units/units.ts';
import { REAL } from '../real-files.ts';
import { runCli } from './helpers/cli.ts';
import { chartAnnotations } from '../../src/lib/charts/annotations.ts';
import { newEngine, readBytes, runnerResultFiles, tempDir } from './helpers/engine.ts';
import { seriesOf } from './helpers/series-points.ts';

const { document } = parseHTML('<!doctype html><html><body></body></html>');
const doc = document as unknown as Document;
const MOUNTPOINT = path.join(REAL, 'github_action_benchmark/awslabs_mountpoint-s3_gh-pages/dev/bench');

function read(file: string) {
  const text = fs.readFileSync(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { name: path.basename(file), text, json };
}

/** The series of these values at these times. */
const series = (ts: number[], values: number[]) => seriesOf(values, ts);

const texts = (svg: Element, label: string) =>
  [...svg.querySelectorAll(`[aria-label="${label}"] text`)].map((t) => ({
    text: [...t.querySelectorAll('tspan')].map((s) => s.textContent).join('\n') || t.textContent || '',
    y: Number(/translate\([^,]+,([^)]+)\)/.exec(t.getAttribute('transform') ?? '')?.[1] ?? NaN),
    x: Number(/translate\(([^,]+),/.exec(t.getAttribute('transform') ?? '')?.[1] ?? NaN),
    dy: Number(/translate\([^,]+,([^)]+)\)/.exec(t.parentElement?.getAttribute('transform') ?? '')?.[1] ?? 0),
  }));

describe('units: one naming from the unit model', () => {
  it("mountpoint-s3's peak memory in MiB stays binary beside a metric known in MB", () => {
    const run = parseArtifact(read(path.join(MOUNTPOINT, 'peak_mem_usage/data.js')))!;
    const peak = run.records.find((r) => Math.abs(r.value / 2 ** 20 - 3239.32421875) < 1e-6)!;
    expect(formatValue(peak.value, peak.unit)).toBe('3.163 GiB'); // written as 3,239.32 MiB
    // The page's stale seed metric "memory" in MB (the demo's) must not turn these into "3.397 GB".
    const out = reconcileUnits(run.records, new Map([['memory', 'MB']]));
    const same = out[run.records.indexOf(peak)];
    expect(same.metric).toBe('memory (MiB)');
    expect(formatValue(same.value, same.unit)).toBe('3.163 GiB');
    expect(new Set(out.map((r) => r.metric))).toEqual(new Set(['memory (MiB)']));
  });

  it('a select names the unit family its axis reads in', () => {
    expect(metricLabel('bytes_per_second', 'B/s')).toBe('bytes_per_second (B/s, KiB/s, MiB/s, GiB/s)');
    expect(metricLabel('time', 'ns')).toBe('time (ns, µs, ms, s)');
    expect(metricLabel('memory', 'MB')).toBe('memory (B, kB, MB, GB)');
    expect(metricLabel('throughput', 'ops/s')).toBe('throughput (ops/s, k ops/s, M ops/s)');
    expect(metricLabel('score', 'points')).toBe('score (points)');
    expect(metricLabel('count', '')).toBe('count');
    // A name reconciled with its unit ("memory (MiB)" beside the seed's memory in MB) is said once, by its family.
    expect(metricLabel('memory (MiB)', 'B')).toBe('memory (B, KiB, MiB, GiB)');
    expect(metricLabel('throughput (ops/s)', 'ops/s')).toBe('throughput (ops/s, k ops/s, M ops/s)');
    expect(metricLabel('score (stars)', 'stars')).toBe('score (stars)');
    expect(metricLabel('latency (p99)', 'ns')).toBe('latency (p99) (ns, µs, ms, s)');
    // The axis of mountpoint's throughput (stored in B/s) reads MiB/s, one of the names the select gives.
    const run = parseArtifact(read(path.join(MOUNTPOINT, 'data.js')))!;
    const unit = run.records[0].unit;
    const ts = run.records.slice(0, 5).map((r, i) => r.ts + i);
    const svg = timeSeriesChart(
      series(
        ts,
        run.records.slice(0, 5).map((r) => r.value),
      ),
      { unit, document: doc },
    ) as Element;
    const axisUnit = /time \(([^)]+)\)/.exec(svg.outerHTML)![1];
    expect(unitFamilyLabel(unit).split(', ')).toContain(axisUnit);
  });
});

describe('axes', () => {
  it("pytest-benchmark's runs after midnight UTC read 00:mm, not 12:mm", async () => {
    const engine = await newEngine();
    const folder = path.join(REAL, 'harness_outputs/pytest-benchmark/tests/test_storage');
    const files = fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ name: f, bytes: new Uint8Array(fs.readFileSync(path.join(folder, f))) }));
    await engine.openFiles(files);
    const metric = (await engine.catalog()).metrics[0].metric;
    const [first] = await engine.listSeries({ metric, filter: {}, search: '', limit: 10 });
    const points = await engine.seriesPoints(first.seriesKey, metric);
    // The three saved runs of the copy were made between 00:01 and 00:05 UTC on 15 August 2015.
    expect(points.ts.map((t) => new Date(t).getUTCHours())).toEqual([0, 0, 0]);
    const svg = timeSeriesChart(points, { unit: 'ns', document: doc }) as Element;
    const ticks = texts(svg, 'x-axis tick label').map((t) => t.text);
    expect(ticks.length).toBeGreaterThan(2);
    for (const tick of ticks) expect(tick).toMatch(/^0[0-3]:\d\d(:\d\d)?(\nAug 15)?$/);
    expect(ticks.join(' ')).not.toMatch(/AM|PM|12:/);
    expect(svg.outerHTML).toContain('>UTC<');
  });

  it('24-hour ticks with the date where it changes', () => {
    const ticks = [
      Date.UTC(2024, 2, 1, 22),
      Date.UTC(2024, 2, 1, 23),
      Date.UTC(2024, 2, 2, 0),
      Date.UTC(2024, 2, 2, 13),
    ];
    expect(ticks.map((t, i) => utcTickFormat(t, i, ticks))).toEqual(['22:00\nMar 1', '23:00', '00:00\nMar 2', '13:00']);
    const days = [Date.UTC(2024, 0, 30), Date.UTC(2024, 1, 6)];
    expect(days.map((t, i) => utcTickFormat(t, i, days))).toEqual(['30\nJan', '6\nFeb']);
  });

  it('"run →" sits on a line of its own, clear of the last tick', () => {
    const n = 30;
    const svg = timeSeriesChart(
      series(
        Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1 + i)),
        Array.from({ length: n }, (_, i) => 100 + i),
      ),
      { unit: 'ns', xBy: 'run', document: doc },
    ) as Element;
    const ticks = texts(svg, 'x-axis tick label');
    const [label] = texts(svg, 'x-axis label');
    expect(label.text).toBe('run →');
    const last = ticks[ticks.length - 1];
    // Font 10 px: a tick's text ends about one line below its anchor; the label's baseline is a full line lower.
    const tickBottom = last.y + last.dy + 10;
    expect(label.y + label.dy - 10).toBeGreaterThanOrEqual(tickBottom);
  });

  it('a positive series keeps its baseline band and levels at or above zero', () => {
    const ts = Array.from({ length: 12 }, (_, i) => Date.UTC(2025, 0, 1 + i));
    const values = [0.2, 0.25, 0.3, 0.2, 0.9, 0.1, 0.2, 0.22, 0.31, 0.21, 0.2, 0.19].map((s) => s * 1e9);
    const svg = timeSeriesChart(series(ts, values), {
      unit: 'ns',
      band: { from: ts[0], to: ts[11], low: -1e9, high: 1.2e9, label: 'baseline' },
      levels: [{ from: ts[0], to: ts[5], value: -0.5e9, kind: 'before' }],
      document: doc,
    }) as Element;
    const yTicks = texts(svg, 'y-axis tick label').map((t) => Number(t.text));
    expect(Math.min(...yTicks)).toBeGreaterThanOrEqual(0);
  });
});

describe("ipfs: the evidence chart of a short history's finding", () => {
  it('keeps its y axis at or above zero for positive latencies', async () => {
    const engine = await newEngine();
    await engine.openFiles(
      runnerResultFiles().map((file) => ({ name: path.relative(REAL, file), bytes: readBytes(file) })),
    );
    const result = await engine.analyse({ settings: { regressionDays: 36500, historyDays: 36500 } });
    const finding = result.regressions.find((r) => r.pValue !== null && r.pValue > LOW_CONFIDENCE_P);
    expect(finding, 'a low-confidence finding (p = 0.017 in 5 runs)').toBeDefined();
    const points = await engine.seriesPoints(finding!.seriesKey, finding!.metric);
    expect(Math.min(...points.value.filter((v): v is number => v !== null))).toBeGreaterThan(0);
    const annotations = chartAnnotations(points, result, finding!.direction);
    const svg = timeSeriesChart(points, { unit: finding!.unit, ...annotations, document: doc }) as Element;
    const yTicks = texts(svg, 'y-axis tick label').map((t) => Number(t.text.replace(/,/g, '')));
    expect(yTicks.length).toBeGreaterThan(1);
    expect(Math.min(...yTicks)).toBeGreaterThanOrEqual(0);
  }, 120_000);
});

describe('confidence: severity is size, capped by confidence', () => {
  it('a low-confidence finding (ipfs: p = 0.017) is never critical', () => {
    expect(severityClass(40)).toBe('critical');
    expect(severityClass(40, 0.001)).toBe('critical');
    expect(severityClass(-40, 0.017)).toBe('medium');
    expect(severityClass(20, LOW_CONFIDENCE_P * 2)).toBe('medium');
    expect(severityClass(20, LOW_CONFIDENCE_P)).toBe('high');
    expect(severityClass(40, Number.NaN)).toBe('medium');
  });
});

describe('HTML report: each level over its own segment', () => {
  it("an 'after' level ends where the next change starts, as on the page", async () => {
    const out = path.join(tempDir(), 'report.html');
    const result = await runCli(
      'report',
      '--db',
      path.join(MOUNTPOINT, 'peak_mem_usage/data.js'),
      '--days',
      '3650',
      '--format',
      'html',
      '--output',
      out,
      '--no-write',
    );
    expect(result.code, result.err).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    const { document: report } = parseHTML(html);
    let shortened = 0;
    let charts = 0;
    for (const svg of report.querySelectorAll('svg')) {
      const line = svg.querySelector('[aria-label="line"] path')?.getAttribute('d');
      if (!line) continue;
      charts++;
      const lineEnd = Math.max(...[...line.matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1])));
      for (const link of svg.querySelectorAll('[aria-label="link"] path')) {
        if (link.getAttribute('stroke') !== '#dc2626') continue;
        const x = [...(link.getAttribute('d') ?? '').matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
        expect(Math.max(...x)).toBeLessThanOrEqual(lineEnd + 0.5);
        if (Math.max(...x) < lineEnd - 1) shortened++;
      }
    }
    expect(charts).toBeGreaterThan(0);
    // Series of this history step twice (e.g. rand_read_direct +210 % in 2 steps): the first step's level stops.
    expect(shortened).toBeGreaterThan(0);
  }, 120_000);
});
