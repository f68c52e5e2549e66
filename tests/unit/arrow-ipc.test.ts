// columnsToIPC's list-of-doubles column (raw samples) built straight into offsets and a flat child: the same table as
// apache-arrow's generic vectorFromArray gives, for rows with samples, without, empty, and all without.
import { Field, Float64, List, tableFromIPC, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { columnsToIPC } from '../../src/engine/arrow-ipc.ts';

/** The rows as apache-arrow's own builder makes them (how the column was built before). */
function generic(values: unknown[]): unknown[] {
  const vector = vectorFromArray(
    values.map((v) => (Array.isArray(v) ? v.map(Number) : null)),
    new List(new Field('item', new Float64(), true)),
  );
  return Array.from(vector, (v) => (v ? Array.from(v as Iterable<number>) : null));
}

function roundTrip(values: unknown[]): { rows: unknown[]; nulls: number; type: string } {
  const table = tableFromIPC(columnsToIPC([{ name: 'samples', values, kind: 'numbers' }]));
  const column = table.getChild('samples')!;
  return {
    rows: Array.from(column, (v) => (v ? Array.from(v as Iterable<number>) : null)),
    nulls: column.nullCount,
    type: String(column.type),
  };
}

describe('columnsToIPC: numbers', () => {
  it('matches vectorFromArray for mixed rows', () => {
    const values = [[1, 2.5, 3], null, [], undefined, [4], ['5', 6], null, [Number.NaN, -0, 1e300]];
    const got = roundTrip(values);
    expect(got.rows).toEqual(generic(values));
    expect(got.rows[5]).toEqual([5, 6]);
    expect(got.nulls).toBe(3);
    expect(got.type).toBe('List<Float64>');
  });

  it('matches it when no row has samples, and when every row has', () => {
    const none = Array.from({ length: 1000 }, () => null);
    const gotNone = roundTrip(none);
    expect(gotNone.rows).toEqual(generic(none));
    expect(gotNone.nulls).toBe(1000);
    const all = Array.from({ length: 100 }, (_, i) => Array.from({ length: i % 7 }, (_, j) => i * 10 + j));
    const gotAll = roundTrip(all);
    expect(gotAll.rows).toEqual(generic(all));
    expect(gotAll.nulls).toBe(0);
  });
});
