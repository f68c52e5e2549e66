// The shape every parsed input (JSON runs, CI artifacts) is turned into before it reaches DuckDB.
import type { Direction } from '../model/metrics.ts';

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
  /** The commit's own page (a history file's commit URL, or its repository URL + /commit/id). */
  commitUrl?: string | null;
  /** The commit message (or a recorded run's --message). */
  message?: string | null;
  /** Who wrote the commit, as one text: "Name (@username)". */
  author?: string | null;
  /** The value's spread as the tool wrote it, e.g. "± 1.2%". */
  range?: string | null;
  /** That range as a number: the ± half-width in the same unit as value (lib/units/range.ts), when it can be read. */
  spread?: number | null;
  /** The harness a history file names for the value (github-action-benchmark's `tool`, e.g. "cargo"). */
  tool?: string | null;
}

export interface ParsedRun {
  /** Short name of the recognised format, e.g. "ipfs-accelerate runner". */
  format: string;
  records: MeasurementRecord[];
  notes: string[];
}

/** Where a run's time came from: the file's content, a date in its name or path, its modification time, or the moment of import. */
export type TimeOrigin = 'content' | 'file name' | 'modification time' | 'import time';

/** One run of a source of parsed records (one imported file, or one commit of a history file), for the run list. */
export interface RunInfo {
  /** The run group: the file's path relative to what was opened (or `file@commit` for a history file). */
  runGroup: string;
  /** The format that was recognised; null when the source mixes formats (the source's layout lists them). */
  format: string | null;
  /** Epoch ms (UTC) of the run's earliest measurement, after any correction. */
  ts: number;
  /** Epoch ms of its latest measurement (runs whose benchmarks started at different times span a range). */
  lastTs: number;
  /** The time found at import, before any correction. */
  importedTs: number;
  /** Where the imported time came from (worked back from the run's name and its batch's notes: see runTimeOrigin). */
  timeOrigin: TimeOrigin;
  /** The time was changed on the page. */
  corrected: boolean;
  commit: string | null;
  branch: string | null;
  /** The commit's page from the data itself (null: none; the page may still build one from its Settings template). */
  commitUrl: string | null;
  /** The commit message or the recorded run's message, whole (the page shows its first line). */
  message: string | null;
  author: string | null;
  measurements: number;
  series: number;
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
