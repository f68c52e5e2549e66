// The shape every parsed input (JSON runs, CI artifacts) is turned into before it reaches DuckDB.
import type { Direction } from './metrics.ts';

export interface MeasurementRecord {
  /** Epoch milliseconds (UTC). */
  ts: number;
  /** Dimension name → value, in display order. */
  dims: [string, string | null][];
  metric: string;
  unit: string;
  direction: Direction;
  value: number;
  /** Raw per-iteration samples in the same unit as value, when the format has them. */
  samples?: number[];
  commit?: string | null;
  branch?: string | null;
  versionTag?: string | null;
  runGroup?: string | null;
  environment?: string | null;
}

export interface ParsedRun {
  /** Short name of the recognised format, e.g. "ipfs-accelerate runner". */
  format: string;
  records: MeasurementRecord[];
  notes: string[];
}

/** One input file as importers see it. */
export interface ArtifactInput {
  name: string;
  /** The file decoded as UTF-8. */
  text: string;
  /** The parsed document when the text is JSON; undefined otherwise. */
  json: unknown;
  /** File modification time (epoch ms) when known: the fallback time of a run. */
  lastModified?: number;
}

/** A benchmark-tool output format, recognised by content (not by file name). */
export interface ArtifactImporter {
  format: string;
  detect(input: ArtifactInput): boolean;
  /** Throws an Error with a clear message when the file is recognised but malformed. */
  parse(input: ArtifactInput): ParsedRun;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 'YYYYMMDD_HHMMSS' (runner folders) or ISO text → epoch ms, or null. */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value > 1e11 ? value : value * 1000;
  if (typeof value !== 'string') return null;
  const compact = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})$/.exec(value.trim());
  if (compact) {
    const [, y, mo, d, h, mi, s] = compact.map(Number);
    return Date.UTC(y, mo - 1, d, h, mi, s);
  }
  const iso = value.trim();
  // ISO text without an offset is taken as UTC, as DuckDB does for TIMESTAMP.
  const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(iso) || !/\d{2}:\d{2}/.test(iso) ? iso : iso + 'Z';
  const ms = Date.parse(withZone.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : null;
}
