// Per-series analysis: change points, stability and the newest run's verdict.
import { detectChangePoints, type ChangePoint, type ChangePointOptions } from './changepoints.ts';

export interface LatestVerdict {
  firstIndex: number;
  outOfLine: boolean;
}

export interface SeriesAnalysis {
  changePoints: ChangePoint[];
  latest: LatestVerdict | null;
}

export function analyseSeries(values: ArrayLike<number>, options: Partial<ChangePointOptions> = {}): SeriesAnalysis {
  return { changePoints: detectChangePoints(values, options), latest: null };
}
