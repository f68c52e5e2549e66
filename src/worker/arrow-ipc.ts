// Building Arrow IPC streams from JS values, the one way JS-parsed data enters DuckDB.
// Only IPC bytes cross into DuckDB-WASM (DESIGN.md §4: mixing Arrow versions breaks insertArrowTable).
import { Bool, Field, Float64, Int64, List, Table, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';

export type ColumnKind = 'integer' | 'number' | 'text' | 'bool' | 'time' | 'numbers';

export interface ColumnValues {
  name: string;
  values: ArrayLike<unknown>;
  /** Forced kind; inferred from the values when absent. */
  kind?: ColumnKind;
}

export function inferKind(values: ArrayLike<unknown>): ColumnKind {
  let kind: ColumnKind | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const k: ColumnKind =
      typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2 ** 31) ? 'integer'
      : typeof v === 'number' ? 'number'
      : typeof v === 'boolean' ? 'bool'
      : v instanceof Date ? 'time'
      : Array.isArray(v) && v.every((x) => typeof x === 'number') ? 'numbers'
      : 'text';
    if (kind === null) kind = k;
    else if ((kind === 'integer' && k === 'number') || (kind === 'number' && k === 'integer')) kind = 'number';
    else if (kind !== k) return 'text';
  }
  return kind ?? 'text';
}

function toVector(column: ColumnValues): Vector {
  const kind = column.kind ?? inferKind(column.values);
  const values = Array.from(column.values as ArrayLike<unknown>);
  let type: DataType;
  let data: unknown[];
  switch (kind) {
    case 'number':
      type = new Float64();
      data = values.map((v) => (v === null || v === undefined || v === '' ? null : Number(v)));
      break;
    case 'integer':
      // Int64 keeps integer-ness (the mapping guess treats integer columns as configuration).
      type = new Int64();
      data = values.map((v) => (v === null || v === undefined || v === '' ? null : BigInt(Math.trunc(Number(v)))));
      break;
    case 'bool':
      type = new Bool();
      data = values.map((v) => (v === null || v === undefined ? null : Boolean(v)));
      break;
    case 'time':
      type = new TimestampMillisecond();
      data = values.map((v) => (v === null || v === undefined ? null : v instanceof Date ? v.getTime() : Number(v)));
      break;
    case 'numbers':
      type = new List(new Field('item', new Float64(), true));
      data = values.map((v) => (Array.isArray(v) ? v.map(Number) : null));
      break;
    default:
      type = new Utf8();
      data = values.map((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v, bigintSafe) : String(v)));
  }
  return vectorFromArray(data, type);
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

export function columnsToIPC(columns: ColumnValues[]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const column of columns) vectors[column.name] = toVector(column);
  return tableToIPC(new Table(vectors), 'stream');
}

export function rowsToColumns(rows: Record<string, unknown>[]): ColumnValues[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) if (!seen.has(key)) seen.add(key), names.push(key);
  return names.map((name) => ({ name, values: rows.map((row) => row[name] ?? null) }));
}
