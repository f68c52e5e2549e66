// Which of a dimension's values the filter draws as chips: all of few, else the chosen ones and the first that
// match the typed text, with a count of those left out.
import { describe, expect, it } from 'vitest';
import { chipWindow } from '../../src/lib/format/value-chips.ts';

const values = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `bench_${i}`, series: 1 }));

describe('chipWindow', () => {
  it('draws every value of a short dimension, a missing value as (none)', () => {
    const few = [...values(3), { value: null, series: 2 }];
    expect(chipWindow(few, undefined, '', 10)).toEqual({ shown: few, more: 0 });
    expect(chipWindow(few, undefined, 'none', 10).shown).toEqual([{ value: null, series: 2 }]);
  });

  it('draws at most the limit of 100,000 values, the chosen ones first in their order, and counts the rest', () => {
    const many = values(100_000);
    const { shown, more } = chipWindow(many, ['bench_99999', 'bench_5'], '', 60);
    expect(shown).toHaveLength(60);
    expect(shown.slice(0, 7).map((v) => v.value)).toEqual([
      'bench_0',
      'bench_1',
      'bench_2',
      'bench_3',
      'bench_4',
      'bench_5',
      'bench_6',
    ]);
    expect(shown.at(-1)!.value).toBe('bench_99999');
    expect(more).toBe(100_000 - 60);
  });

  it('keeps the values holding every word typed, in any case', () => {
    const many = values(100_000);
    const found = chipWindow(many, [], 'BENCH_9999 9', 60);
    expect(found.shown.map((v) => v.value)).toEqual([
      'bench_9999',
      ...Array.from({ length: 10 }, (_, i) => `bench_9999${i}`),
    ]);
    expect(found.more).toBe(0);
    expect(chipWindow(many, ['bench_1'], 'no such', 60)).toEqual({ shown: [{ value: 'bench_1', series: 1 }], more: 0 });
  });

  it('refuses a limit below one', () => {
    expect(() => chipWindow(values(3), [], '', 0)).toThrow(/limit/);
  });
});
