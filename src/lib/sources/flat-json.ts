// JSON that is a table: an array of records, NDJSON lines, or an object holding one array of records.
import { isObject } from './records.ts';

export type FlatRow = Record<string, unknown>;

export function parseJsonDocument(text: string): { doc: unknown } | { rows: FlatRow[] } {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  try {
    return { doc: JSON.parse(trimmed) };
  } catch (error) {
    const lines = trimmed.split(/\r?\n/).filter((line) => line.trim() !== '');
    if (lines.length > 1 && lines.every((line) => line.trim().startsWith('{'))) {
      return { rows: lines.map((line, i) => parseLine(line, i)) };
    }
    throw new Error(`invalid JSON: ${(error as Error).message}`, { cause: error });
  }
}

function parseLine(line: string, index: number): FlatRow {
  try {
    const value = JSON.parse(line);
    if (!isObject(value)) throw new Error('not an object');
    return value;
  } catch (error) {
    throw new Error(`invalid NDJSON at line ${index + 1}: ${(error as Error).message}`, { cause: error });
  }
}

/** Records held by a JSON document, or null when it is not table-like. */
export function recordsOf(doc: unknown): FlatRow[] | null {
  if (Array.isArray(doc)) return doc.length > 0 && doc.every(isObject) ? (doc as FlatRow[]) : null;
  if (isObject(doc)) {
    const arrays = Object.values(doc).filter((v) => Array.isArray(v) && v.length > 0 && v.every(isObject));
    if (arrays.length === 1) return arrays[0] as FlatRow[];
  }
  return null;
}

/** Nested objects become dotted column names; arrays of numbers stay lists; other arrays become JSON text. */
export function flattenRow(row: FlatRow, prefix = '', out: FlatRow = {}): FlatRow {
  for (const [key, value] of Object.entries(row)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isObject(value)) flattenRow(value, name, out);
    else out[name] = value;
  }
  return out;
}
