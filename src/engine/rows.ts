// Arrow results → plain JS: rows as objects, rows as arrays, one column as an array.
import type { Table } from 'apache-arrow';

export function tableRows(table: Table): Record<string, unknown>[] {
  return table.toArray().map((row) => plain(row.toJSON()) as Record<string, unknown>);
}

export function tableRowArrays(table: Table): unknown[][] {
  const fields = table.schema.fields;
  const columns = fields.map((f) => table.getChild(f.name)!);
  const isTime = fields.map((f) => /Timestamp|Date/.test(String(f.type)));
  const out: unknown[][] = [];
  for (let i = 0; i < table.numRows; i++) {
    out.push(
      columns.map((c, j) => {
        const v = plain(c.get(i));
        return isTime[j] && typeof v === 'number'
          ? new Date(v)
              .toISOString()
              .replace('T', ' ')
              .replace(/\.000Z$|Z$/, '')
          : v;
      }),
    );
  }
  return out;
}

export function columnArray<T>(table: Table, name: string): T[] {
  const column = table.getChild(name);
  if (!column) return [];
  const out: T[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) out[i] = plain(column.get(i)) as T;
  return out;
}

/** Arrow values → plain JS (numbers, strings, arrays, objects) that cross postMessage and JSON. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value))
    return Array.from(value as unknown as ArrayLike<number>, (v) => (typeof v === 'bigint' ? Number(v) : v));
  if (Array.isArray(value)) return value.map(plain);
  const candidate = value as { toArray?: () => unknown; toJSON?: () => unknown };
  if (typeof candidate.toArray === 'function' && !(value instanceof Date))
    return plain(Array.from(candidate.toArray() as ArrayLike<unknown>));
  if (value instanceof Date) return value.getTime();
  const json = (typeof candidate.toJSON === 'function' ? candidate.toJSON() : value) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, plain(v)]));
}

export function columnFloat64(table: Table, name: string): Float64Array {
  const column = table.getChild(name);
  if (!column) return new Float64Array(0);
  const array = column.toArray();
  return array instanceof Float64Array ? array : Float64Array.from(array as ArrayLike<number>);
}
