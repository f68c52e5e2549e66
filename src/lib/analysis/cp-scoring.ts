// The metrics of the Turing Change Point Detection benchmark (TCPD; van den Burg & Williams 2020, "An Evaluation of
// Change Point Detection Algorithms"), for scoring change points against several annotators' labels:
//
// - F1 with a margin (5 by default): a predicted point is a true positive for a true one within the margin, each
//   prediction used at most once. Precision is against the union of all annotators' points, recall is the mean of
//   each annotator's recall. Index 0 counts as a change point in every set, predictions included (the start of the
//   series is always a segment boundary), so "no change at all" scores precision 1 and some recall.
// - Covering (Arbeláez et al. 2011): how well the predicted segments cover each annotator's segments — per true
//   segment, its length times its best Jaccard index with a predicted segment, summed, over the series length —
//   averaged over annotators.
//
// Indices are 0-based positions of the first point of a new segment. Matching takes the true points in ascending
// order, each to the nearest free prediction within the margin (the nearer-to-the-start one on a tie); TCPD's
// reference code takes them in Python's set order, which differs only when two true points compete for one
// prediction.

export const TCPD_MARGIN = 5;

export interface CpScore {
  f1: number;
  precision: number;
  recall: number;
  cover: number;
}

function checkIndices(what: string, indices: readonly number[], n: number): void {
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= n)
      throw new RangeError(`${i} in ${what} is not a whole index in 0…${n - 1} of a ${n}-point series`);
  }
}

function checkInputs(annotations: readonly (readonly number[])[], predictions: readonly number[], n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a series needs at least one point (got length ${n})`);
  if (annotations.length === 0) throw new RangeError('scoring needs at least one annotator’s set of change points');
  annotations.forEach((a, k) => checkIndices(`annotator ${k + 1}'s set`, a, n));
  checkIndices('the predictions', predictions, n);
}

/** Ascending distinct indices with 0 added (TCPD's convention for F1). */
const withStart = (points: readonly number[]): number[] => [...new Set([0, ...points])].sort((a, b) => a - b);

/**
 * The true points of `truth` matched to a distinct prediction within `margin` (TCPD's `true_positives`): each true
 * point, ascending, takes the nearest prediction not yet taken.
 */
export function truePositives(truth: readonly number[], predicted: readonly number[], margin = TCPD_MARGIN): number[] {
  const free = [...new Set(predicted)].sort((a, b) => a - b);
  const matched: number[] = [];
  for (const tau of [...new Set(truth)].sort((a, b) => a - b)) {
    let best = -1;
    for (let j = 0; j < free.length; j++) {
      const d = Math.abs(free[j] - tau);
      if (d <= margin && (best < 0 || d < Math.abs(free[best] - tau))) best = j;
    }
    if (best < 0) continue;
    matched.push(tau);
    free.splice(best, 1);
  }
  return matched;
}

/** F1 (with precision and recall) of predictions against several annotators, each set with index 0 added. */
export function fMeasure(
  annotations: readonly (readonly number[])[],
  predictions: readonly number[],
  margin = TCPD_MARGIN,
): { f1: number; precision: number; recall: number } {
  const sets = annotations.map(withStart);
  const predicted = withStart(predictions);
  const union = withStart(sets.flat());
  const precision = truePositives(union, predicted, margin).length / predicted.length;
  const recall = sets.reduce((sum, t) => sum + truePositives(t, predicted, margin).length / t.length, 0) / sets.length;
  // Both are > 0: index 0 is in every set and matches itself.
  return { f1: (2 * precision * recall) / (precision + recall), precision, recall };
}

/** The segments [start, end) that change points cut a series of n points into; 0 and repeats add nothing. */
export function segmentsOf(changePoints: readonly number[], n: number): Array<[number, number]> {
  const cuts = [...new Set(changePoints)].filter((c) => c > 0 && c < n).sort((a, b) => a - b);
  const bounds = [0, ...cuts, n];
  return bounds.slice(1).map((end, k) => [bounds[k], end]);
}

/** Jaccard index of two segments [start, end). */
function jaccard(a: [number, number], b: [number, number]): number {
  const inter = Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
  return inter / (a[1] - a[0] + (b[1] - b[0]) - inter);
}

/** How well the `predicted` segmentation covers the `truth` one (Arbeláez et al.'s covering, 0…1). */
export function coverSingle(predicted: Array<[number, number]>, truth: Array<[number, number]>): number {
  let n = 0;
  let sum = 0;
  for (const segment of truth) {
    const length = segment[1] - segment[0];
    n += length;
    let best = 0;
    for (const p of predicted) best = Math.max(best, jaccard(segment, p));
    sum += length * best;
  }
  return sum / n;
}

/** Covering of the annotators' segmentations by the predicted one, averaged over annotators. */
export function covering(
  annotations: readonly (readonly number[])[],
  predictions: readonly number[],
  n: number,
): number {
  const predicted = segmentsOf(predictions, n);
  return annotations.reduce((sum, a) => sum + coverSingle(predicted, segmentsOf(a, n)), 0) / annotations.length;
}

/** Both TCPD metrics for one series of n points. Throws on an index outside the series or no annotators. */
export function scoreChangePoints(
  annotations: readonly (readonly number[])[],
  predictions: readonly number[],
  n: number,
  margin = TCPD_MARGIN,
): CpScore {
  checkInputs(annotations, predictions, n);
  return { ...fMeasure(annotations, predictions, margin), cover: covering(annotations, predictions, n) };
}
