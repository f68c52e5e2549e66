// Native DuckDB result columns → Arrow vectors with the types DuckDB-WASM returns (query config castBigIntToDouble,
// castDecimalToDouble): integers wider than 32 bits and decimals become Float64, timestamps stay microseconds.
// Numeric columns are copied straight into typed arrays; anything else goes through its JS value.
import { createRequire } from 'node:module';
import type * as NodeApi from '@duckdb/node-api';
import type { DuckDBType, DuckDBVector } from '@duckdb/node-api';
import {
  Bool,
  DateDay,
  Field,
  Float64,
  Int32,
  List,
  Struct,
  TimestampMicrosecond,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
  type Data,
  type DataType,
  type Vector,
} from 'apache-arrow';

/** @duckdb/node-api is CommonJS: loaded by require, not import, because an import first has Node scan each of its
 *  hundred files for their exports (0.3–0.6 s of every native start here). */
export const nodeApi = createRequire(import.meta.url)('@duckdb/node-api') as typeof NodeApi;
const { DuckDBTypeId } = nodeApi;

export interface ColumnBuilder {
  /** Add a chunk's column; `values` converts the whole column to JS values (used by the generic builder). */
  append(vector: DuckDBVector, rows: number, values: () => unknown[]): void;
  finish(): Vector;
}

type Kind = 'float64' | 'int32' | 'timestamp' | 'date' | 'other';

function kindOf(type: DuckDBType): Kind {
  switch (type.typeId) {
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.DECIMAL:
      return 'float64';
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UTINYINT:
      return 'int32';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_NS:
      return 'timestamp';
    case DuckDBTypeId.DATE:
      return 'date';
    default:
      return 'other';
  }
}

export function builderFor(type: DuckDBType): ColumnBuilder {
  const kind = kindOf(type);
  if (kind === 'other') return new GenericBuilder(arrowType(type));
  return new FixedBuilder(kind);
}

/** The Arrow type of a nested or text column; what has no natural Arrow type here is passed on as text. */
function arrowType(type: DuckDBType): DataType {
  const kind = kindOf(type);
  if (kind === 'float64') return new Float64();
  if (kind === 'int32') return new Int32();
  if (kind === 'timestamp') return new TimestampMicrosecond();
  if (kind === 'date') return new DateDay();
  if (type.typeId === DuckDBTypeId.BOOLEAN) return new Bool();
  if (type.typeId === DuckDBTypeId.LIST) {
    const child = (type as unknown as { valueType: DuckDBType }).valueType;
    return new List(new Field('l', arrowType(child), true));
  }
  if (type.typeId === DuckDBTypeId.STRUCT) {
    const struct = type as unknown as { entryNames: readonly string[]; entryTypes: readonly DuckDBType[] };
    return new Struct(struct.entryNames.map((name, i) => new Field(name, arrowType(struct.entryTypes[i]), true)));
  }
  return new Utf8();
}

/** A typed array per result chunk, joined once at the end: memory stays near the column's final size (a doubling
 *  buffer would keep up to twice that for the life of the result). */
class FixedBuilder implements ColumnBuilder {
  private readonly chunks: (Float64Array | Int32Array | BigInt64Array)[] = [];
  private readonly nullRows: number[] = [];
  private length = 0;

  constructor(private readonly kind: Exclude<Kind, 'other'>) {}

  private allocate(n: number): Float64Array | Int32Array | BigInt64Array {
    return this.kind === 'float64'
      ? new Float64Array(n)
      : this.kind === 'timestamp'
        ? new BigInt64Array(n)
        : new Int32Array(n);
  }

  append(vector: DuckDBVector, rows: number): void {
    const data = this.allocate(rows);
    for (let i = 0; i < rows; i++) {
      const v = vector.getItem(i) as unknown;
      if (v === null) {
        this.nullRows.push(this.length + i);
        continue;
      }
      if (this.kind === 'float64')
        data[i] =
          typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : (v as { toDouble(): number }).toDouble();
      else if (this.kind === 'int32') data[i] = v as number;
      else if (this.kind === 'date') data[i] = (v as { days: number }).days;
      else data[i] = toMicros(v);
    }
    this.chunks.push(data);
    this.length += rows;
  }

  finish(): Vector {
    const n = this.length;
    const values = this.allocate(n);
    let at = 0;
    for (const chunk of this.chunks.splice(0)) {
      values.set(chunk as never, at);
      at += chunk.length;
    }
    let nullBitmap: Uint8Array | undefined;
    if (this.nullRows.length) {
      nullBitmap = new Uint8Array((n + 7) >> 3).fill(0xff);
      for (const row of this.nullRows) nullBitmap[row >> 3] &= ~(1 << (row & 7));
    }
    const common = { length: n, nullCount: this.nullRows.length, nullBitmap };
    let data: Data;
    if (this.kind === 'float64') data = makeData({ type: new Float64(), data: values as Float64Array, ...common });
    else if (this.kind === 'int32') data = makeData({ type: new Int32(), data: values as Int32Array, ...common });
    else if (this.kind === 'date') data = makeData({ type: new DateDay(), data: values as Int32Array, ...common });
    else data = makeData({ type: new TimestampMicrosecond(), data: values as BigInt64Array, ...common });
    return makeVector(data);
  }
}

function toMicros(value: unknown): bigint {
  const v = value as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint };
  if (v.micros !== undefined) return v.micros;
  if (v.millis !== undefined) return v.millis * 1000n;
  if (v.seconds !== undefined) return v.seconds * 1_000_000n;
  if (v.nanos !== undefined) return v.nanos / 1000n;
  throw new Error(`not a timestamp: ${String(value)}`);
}

/** Text, booleans, lists, structs: JS values into the Arrow type DuckDB-WASM's Arrow has for them. */
class GenericBuilder implements ColumnBuilder {
  private readonly values: unknown[] = [];

  constructor(private readonly type: DataType) {}

  append(_vector: DuckDBVector, _rows: number, values: () => unknown[]): void {
    for (const v of values()) this.values.push(plainValue(v, this.type));
  }

  finish(): Vector {
    return vectorFromArray(this.values, this.type);
  }
}

/** A converter's JS value in the shape apache-arrow builds `type` from (bigints as numbers, as WASM casts them). */
function plainValue(value: unknown, type: DataType): unknown {
  if (value === null || value === undefined) return null;
  if (type instanceof Utf8)
    return typeof value === 'string'
      ? value
      : JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  if (type instanceof List) return (value as unknown[]).map((v) => plainValue(v, type.children[0].type));
  if (type instanceof Struct) {
    const object = value as Record<string, unknown>;
    return Object.fromEntries(type.children.map((f) => [f.name, plainValue(object[f.name], f.type)]));
  }
  if (type instanceof TimestampMicrosecond || type instanceof DateDay)
    return value instanceof Date ? value.getTime() : Number(value);
  if (typeof value === 'bigint') return Number(value);
  if (type instanceof Float64 || type instanceof Int32) return Number(value);
  return value;
}
