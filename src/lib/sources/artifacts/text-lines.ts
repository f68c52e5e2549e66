// Helpers for benchmark tools' console outputs: numbers as printed (thousands separators), a file's lines,
// and one measured value turned into a record in the unit model's base unit.
import type { Direction } from '../../model/metrics.ts';
import type { ArtifactInput } from '../records.ts';
import { canonicalMetric, inferDirectionFor, type Dims, type RunBuilder } from './common.ts';

/** A number as a console prints it: "1,234.5", "+3", ".5"; null when it is not one. */
export function printedNumber(text: string): number | null {
  const clean = text.trim().replace(/,(?=\d{3}(?:\D|$))/g, '');
  if (!/^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/.test(clean)) return null;
  const n = Number(clean);
  return Number.isFinite(n) ? n : null;
}

/** The text's lines without line ends; the first 64 KiB only when `head` is set (for detection). */
export function linesOf(input: ArtifactInput, head = false): string[] {
  if (input.json !== undefined) return [];
  const text = head ? input.text.slice(0, 1 << 16) : input.text;
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

export interface Measured {
  dims: Dims;
  value: number;
  /** The unit as the tool printed it. */
  unit: string;
  /** Which way is better when the tool says so; else it follows from the unit (or is guessed from name and unit). */
  direction?: Direction;
  samples?: number[];
}

/**
 * Adds one value: units the unit model knows become canonical metrics in their base unit (ns/iter → time [ns]);
 * others keep their unit as written, as the metric's name too (cycles/iter). Returns false for a custom unit.
 */
export function addMeasured(run: RunBuilder, ts: number, input: ArtifactInput, m: Measured): boolean {
  const kind = canonicalMetric(m.unit);
  const name = m.dims[0]?.[1] ?? '';
  run.add({
    ts,
    dims: m.dims,
    metric: kind ? kind.metric : m.unit || 'value',
    unit: kind ? kind.unit : m.unit,
    direction: m.direction ?? (kind ? kind.direction : inferDirectionFor(name, m.unit)),
    value: m.value * (kind ? kind.factor : 1),
    samples: m.samples?.map((v) => v * (kind ? kind.factor : 1)),
    runGroup: input.name,
    environment: null,
  });
  return kind !== null;
}
