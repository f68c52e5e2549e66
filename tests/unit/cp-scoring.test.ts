// TCPD's F1 (margin 5, index 0 in every set, precision against the union, recall averaged over annotators) and
// covering, on cases worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import {
  coverSingle,
  covering,
  fMeasure,
  scoreChangePoints,
  segmentsOf,
  truePositives,
} from '../../src/lib/analysis/cp-scoring.ts';

describe('truePositives', () => {
  it('matches each prediction once, the nearest first', () => {
    // 1 ↔ 3 (d 2), 10 ↔ 8 (d 2), 20 ↔ 20; 23 finds nothing left within 5.
    expect(truePositives([1, 10, 20, 23], [3, 8, 20])).toEqual([1, 10, 20]);
    // 10 takes 9 (a tie with 11: the earlier one), 12 then takes 11.
    expect(truePositives([10, 12], [9, 11])).toEqual([10, 12]);
    expect(truePositives([], [1, 2])).toEqual([]);
    expect(truePositives([1, 2], [])).toEqual([]);
  });

  it('counts a distance of exactly the margin and not one more', () => {
    expect(truePositives([20], [25])).toEqual([20]);
    expect(truePositives([20], [26])).toEqual([]);
    expect(truePositives([20], [26], 6)).toEqual([20]);
  });
});

describe('fMeasure', () => {
  it('is 1 when every annotator is matched, even one who marked 0 and 5', () => {
    // union {0,5,10,11,20} against {0,10,20}: 0, 5 (takes 10, d 5), 20 → 3 of 3 predictions; every annotator 100 %.
    expect(fMeasure([[10, 20], [11, 20], [10], [0, 5]], [10, 20]).f1).toBe(1);
  });

  it('averages recall over annotators and counts index 0 for all', () => {
    // {0} 1/1, {0,10} 2/2, {0,50} 1/2 → R = 2.5/3; P = 2/2; F1 = 2·(5/6)/(11/6) = 10/11.
    const one = fMeasure([[], [10], [50]], [10]);
    expect(one.precision).toBe(1);
    expect(one.recall).toBeCloseTo(5 / 6, 12);
    expect(one.f1).toBeCloseTo(10 / 11, 12);
    // No prediction: P = 1/1, R = (1 + 1/2 + 1/2)/3 = 2/3, F1 = 0.8.
    expect(fMeasure([[], [10], [50]], []).f1).toBeCloseTo(0.8, 12);
  });

  it('penalises a second prediction near one true point', () => {
    // X = {0, 9, 11}; the union {0, 10} takes 0 and 9: P = 2/3, R = 1, F1 = 0.8.
    const r = fMeasure([[10]], [9, 11]);
    expect(r.precision).toBeCloseTo(2 / 3, 12);
    expect(r.recall).toBe(1);
    expect(r.f1).toBeCloseTo(0.8, 12);
  });

  it('lets one prediction match only one of two close true points', () => {
    // union {0,10,12} vs {0,11}: 0 and 10 matched → P = 2/2; the annotator's 12 is missed → R = 2/3; F1 = 0.8.
    const r = fMeasure([[10, 12]], [11]);
    expect(r.precision).toBe(1);
    expect(r.recall).toBeCloseTo(2 / 3, 12);
    expect(r.f1).toBeCloseTo(0.8, 12);
  });

  it('does not penalise a change one annotator skipped, and scores "no change" by the others', () => {
    const five = [[30], [31], [29], [], [30]];
    expect(fMeasure(five, [30]).f1).toBe(1);
    // Four annotators 1/2, one 1/1 → R = 0.6; P = 1 → F1 = 1.2/1.6 = 0.75.
    expect(fMeasure(five, []).f1).toBeCloseTo(0.75, 12);
  });

  it('misses a point one step beyond the margin', () => {
    // X = {0, 26}, union {0, 20}: only 0 → P = 1/2, R = 1/2.
    expect(fMeasure([[20]], [26]).f1).toBeCloseTo(0.5, 12);
    expect(fMeasure([[20]], [25]).f1).toBe(1);
  });
});

describe('segments and covering', () => {
  it('cuts a series at its change points, 0 and repeats adding nothing', () => {
    expect(segmentsOf([], 5)).toEqual([[0, 5]]);
    expect(segmentsOf([3, 5], 8)).toEqual([
      [0, 3],
      [3, 5],
      [5, 8],
    ]);
    expect(segmentsOf([4, 0, 4], 6)).toEqual([
      [0, 4],
      [4, 6],
    ]);
  });

  it('covers a segmentation by the best Jaccard index of each true segment, weighted by its length', () => {
    // Each half [0,5), [5,10) overlaps [0,10) by 5 of 10.
    expect(coverSingle(segmentsOf([], 10), segmentsOf([5], 10))).toBeCloseTo(0.5, 12);
    // The whole [0,10) against [0,5) or [5,10): 1/2.
    expect(coverSingle(segmentsOf([5], 10), segmentsOf([], 10))).toBeCloseTo(0.5, 12);
    // [0,5) vs [0,6): 5/6; [5,10) vs [6,10): 4/5 → (5·5/6 + 5·4/5)/10 = 49/60.
    expect(coverSingle(segmentsOf([6], 10), segmentsOf([5], 10))).toBeCloseTo(49 / 60, 12);
  });

  it('averages the covering over annotators', () => {
    // Predicted [0,10) [10,20) [20,45). Annotator 1: the same, 1. Annotator 2 ([0,10) [10,45)): 10·1 + 35·(25/35) → 35/45.
    // Annotator 3 ([0,5) [5,45)): 5·(5/10) + 40·(25/40) → 27.5/45. Mean: 107.5/135.
    expect(covering([[10, 20], [10], [0, 5]], [10, 20], 45)).toBeCloseTo(107.5 / 135, 12);
  });
});

describe('scoreChangePoints', () => {
  it('gives both metrics for one series', () => {
    const s = scoreChangePoints([[5], [5], [6]], [5], 10);
    // F1: every annotator matched (6 within 5 of 5), P = 2/2 → 1. Cover: 1, 1 and, for the annotator's [0,6) [6,10)
    // by [0,5) [5,10): (6·5/6 + 4·4/5)/10 = 41/50 (covering is not symmetric: the other way round it is 49/60).
    expect(s.f1).toBe(1);
    expect(s.cover).toBeCloseTo((2 + 41 / 50) / 3, 12);
  });

  it('refuses indices outside the series, fractions, an empty series and no annotators', () => {
    expect(() => scoreChangePoints([[10]], [], 10)).toThrow(/10 in annotator 1's set is not a whole index in 0…9/);
    expect(() => scoreChangePoints([[3]], [-1], 10)).toThrow(/-1 in the predictions/);
    expect(() => scoreChangePoints([[3]], [2.5], 10)).toThrow(/2\.5/);
    expect(() => scoreChangePoints([[]], [], 0)).toThrow(/at least one point/);
    expect(() => scoreChangePoints([], [], 10)).toThrow(/at least one annotator/);
  });
});
