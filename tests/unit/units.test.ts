// The unit model: parsing units as tools write them, conversion to base units, and scaled display.
import { describe, expect, it } from 'vitest';
import { commonDisplayUnit, formatBytes, formatValue } from '../../src/lib/format/format.ts';
import { inferUnit } from '../../src/lib/model/metrics.ts';
import type { MeasurementRecord } from '../../src/lib/sources/records.ts';
import { reconcileUnits } from '../../src/lib/units/reconcile.ts';
import { parseUnit, toBase } from '../../src/lib/units/units.ts';

describe('parseUnit', () => {
  it('reads times, per-operation times and their spellings into ns', () => {
    for (const [unit, factor] of [
      ['ns', 1],
      ['µs', 1e3],
      ['μs', 1e3],
      ['us', 1e3],
      ['ms', 1e6],
      ['s', 1e9],
      ['sec', 1e9],
      ['seconds', 1e9],
      ['Seconds', 1e9],
      ['milliseconds', 1e6],
      ['ps', 1e-3],
      ['ns/iter', 1],
      ['ns/op', 1],
      ['μs/iter', 1e3],
      ['s/op', 1e9],
    ] as const) {
      expect([unit, parseUnit(unit).dimension, parseUnit(unit).base, parseUnit(unit).factor]).toEqual([
        unit,
        'time',
        'ns',
        factor,
      ]);
    }
    expect(parseUnit('ns/op').perOperation).toBe(true);
  });

  it('reads SI and IEC byte units, byte rates and per-operation bytes', () => {
    expect(parseUnit('KB')).toMatchObject({ dimension: 'bytes', base: 'B', factor: 1e3, family: 'si' });
    expect(parseUnit('kB')).toMatchObject({ factor: 1e3, family: 'si' });
    expect(parseUnit('GB')).toMatchObject({ factor: 1e9, family: 'si' });
    expect(parseUnit('MiB')).toMatchObject({ dimension: 'bytes', factor: 1024 ** 2, family: 'iec' });
    expect(parseUnit('KiB')).toMatchObject({ factor: 1024, family: 'iec' });
    expect(parseUnit('GiB')).toMatchObject({ factor: 1024 ** 3, family: 'iec' });
    expect(parseUnit('Megabytes')).toMatchObject({ dimension: 'bytes', factor: 1e6 });
    expect(parseUnit('B/op')).toMatchObject({ dimension: 'bytes', base: 'B', factor: 1, perOperation: true });
    expect(parseUnit('MB/s')).toMatchObject({ dimension: 'byte rate', base: 'B/s', factor: 1e6, family: 'si' });
    expect(parseUnit('MiB/s')).toMatchObject({ dimension: 'byte rate', base: 'B/s', factor: 1024 ** 2, family: 'iec' });
    expect(parseUnit('GB/s')).toMatchObject({ dimension: 'byte rate', factor: 1e9 });
    expect(parseUnit('bytes/ms')).toMatchObject({ dimension: 'byte rate', factor: 1e3 });
  });

  it('keeps operations and items apart, and counts, percent and custom units as written', () => {
    for (const unit of ['ops/s', 'ops/sec', 'op/s', 'iter/sec', 'iter/s', 'req/s', 'Hz'])
      expect([unit, parseUnit(unit).dimension, parseUnit(unit).base]).toEqual([unit, 'rate', 'ops/s']);
    expect(parseUnit('ops/ms').factor).toBe(1e3);
    expect(parseUnit('items/s')).toMatchObject({ dimension: 'rate', base: 'items/s', factor: 1 });
    expect(parseUnit('allocs/op')).toMatchObject({ dimension: 'count', base: 'allocs', perOperation: true });
    expect(parseUnit('%')).toMatchObject({ dimension: 'percent', base: '%' });
    expect(parseUnit('')).toMatchObject({ dimension: 'count', base: '' });
    for (const unit of ['cycles/iter', 'MS/s', 'Mb', 'tokens/s', 'retries/op', 'W'])
      expect(parseUnit(unit)).toMatchObject({ dimension: 'custom', base: unit, factor: 1 });
  });

  it('converts to the base unit', () => {
    expect(toBase(28.4, 'MiB')).toEqual({ value: 28.4 * 1048576, unit: 'B' });
    expect(toBase(15.041, 'ms')).toEqual({ value: 15_041_000, unit: 'ns' });
    expect(toBase(3, 'cycles/iter')).toEqual({ value: 3, unit: 'cycles/iter' });
  });
});

describe('formatValue scales for reading', () => {
  it('times in ns, ms and s read in the unit that keeps 1–4 significant digits before the point', () => {
    expect(formatValue(497_725_839, 'ns')).toBe('497.7 ms');
    expect(formatValue(12.5, 'ms')).toBe('12.5 ms');
    expect(formatValue(0.0125, 's')).toBe('12.5 ms');
    expect(formatValue(2_500_000_000, 'ns')).toBe('2.5 s');
    expect(formatValue(344, 'ns')).toBe('344 ns');
    expect(formatValue(41_731, 'ns')).toBe('41.73 µs');
    expect(formatValue(0.3239, 'ns')).toBe('0.3239 ns');
    expect(formatValue(0, 'ns')).toBe('0 ns');
    expect(formatValue(-2_000_000, 'ns')).toBe('-2 ms');
  });

  it('bytes: IEC from bytes and IEC units, SI kept for SI units', () => {
    expect(formatValue(28.4 * 1048576, 'B')).toBe('28.4 MiB');
    expect(formatValue(28.4, 'MiB')).toBe('28.4 MiB');
    expect(formatValue(1152, 'B')).toBe('1.125 KiB');
    expect(formatValue(512, 'B')).toBe('512 B');
    expect(formatValue(1500, 'MB')).toBe('1.5 GB');
    expect(formatBytes(34.6 * 1024 * 1024)).toBe('34.6 MiB');
  });

  it('rates keep their family and their kind', () => {
    expect(formatValue(2400 * 1048576, 'B/s')).toBe('2.344 GiB/s');
    expect(formatValue(2833.37, 'MB/s')).toBe('2.833 GB/s');
    expect(formatValue(1_431_759, 'ops/s')).toBe('1.432 M ops/s');
    expect(formatValue(81.61, 'ops/sec')).toBe('81.61 ops/s');
    expect(formatValue(5_000, 'items/s')).toBe('5 k items/s');
  });

  it('counts, percent and custom units as written', () => {
    expect(formatValue(1234567, '')).toBe('1,234,567');
    expect(formatValue(3, 'allocs')).toBe('3 allocs');
    expect(formatValue(12.34, '%')).toBe('12.34 %');
    expect(formatValue(2835, 'cycles/iter')).toBe('2,835 cycles/iter');
    expect(formatValue(null, 'ns')).toBe('—');
  });

  it('one display unit for an axis, from the largest value', () => {
    const axis = commonDisplayUnit([120_000, 497_725_839, null], 'ns');
    expect(axis.label).toBe('ms');
    expect(axis.scale(497_725_839)).toBeCloseTo(497.725839, 9);
    expect(axis.scale(120_000)).toBeCloseTo(0.12, 9);
    expect(commonDisplayUnit([1, 2], 'tokens/s').label).toBe('tokens/s');
  });
});

describe('reconcileUnits: one unit per metric name', () => {
  const rec = (metric: string, unit: string, value: number, samples?: number[]): MeasurementRecord => ({
    ts: 0,
    dims: [['benchmark', 'b']],
    metric,
    unit,
    direction: 'lower',
    value,
    samples,
  });

  it('converts values of a known metric written in another unit of the same kind, renames other kinds', () => {
    const known = new Map([
      ['time', 'ns'],
      ['throughput', 'items/s'],
    ]);
    const out = reconcileUnits(
      [
        rec('time', 'ms', 1.5, [1, 2]),
        rec('throughput', 'ops/s', 70),
        rec('throughput', 'items/s', 3),
        rec('memory', 'B', 10),
        rec('memory', 'MiB', 1),
      ],
      known,
    );
    expect(out.map((r) => [r.metric, r.unit, r.value, r.samples])).toEqual([
      ['time', 'ns', 1.5e6, [1e6, 2e6]],
      ['throughput (ops/s)', 'ops/s', 70, undefined],
      ['throughput', 'items/s', 3, undefined],
      ['memory', 'B', 10, undefined],
      ['memory', 'B', 1048576, undefined],
    ]);
    expect(known.get('throughput (ops/s)')).toBe('ops/s');
    expect(known.get('memory')).toBe('B');
  });

  it('custom units of one name are never converted into each other', () => {
    const out = reconcileUnits([rec('score', 'points', 1), rec('score', 'stars', 2)], new Map());
    expect(out.map((r) => [r.metric, r.unit])).toEqual([
      ['score', 'points'],
      ['score (stars)', 'stars'],
    ]);
  });
});

describe('units guessed from column names feed the same model', () => {
  it('SI and IEC suffixes, times and rates', () => {
    expect(
      ['latency_ms', 'peak_mem_mib', 'rss_kib', 'memory_mb', 'throughput_items_per_second', 'ops', 'wall_s'].map(
        inferUnit,
      ),
    ).toEqual(['ms', 'MiB', 'KiB', 'MB', 'items/s', 'ops/s', 's']);
    expect(formatValue(2048, inferUnit('peak_mem_mib'))).toBe('2 GiB');
    expect(formatValue(2048, inferUnit('memory_mb'))).toBe('2.048 GB');
  });
});
