import { describe, expect, it } from 'vitest';
import { labelRows, textWidth } from '../../src/lib/charts/label-rows.ts';

describe('chart label rows', () => {
  it('puts labels that would overlap in different rows', () => {
    const rows = labelRows([
      { x: 100, width: 40, side: 'right' },
      { x: 120, width: 40, side: 'right' },
      { x: 300, width: 40, side: 'right' },
    ]);
    expect(rows).toEqual([0, 1, 0]);
  });

  it('accounts for labels that read leftwards from their rule', () => {
    expect(
      labelRows([
        { x: 500, width: 60, side: 'left' },
        { x: 470, width: 40, side: 'right' },
      ]),
    ).toEqual([1, 0]);
  });

  it('never uses more rows than allowed', () => {
    const many = Array.from({ length: 10 }, () => ({ x: 10, width: 50, side: 'right' as const }));
    expect(Math.max(...labelRows(many, 3))).toBe(2);
  });

  it('estimates text width from its length', () => {
    expect(textWidth('+80.6 %')).toBeGreaterThan(textWidth('+8 %'));
  });
});
