// Parquet without DuckDB's parquet extension (not built into DuckDB-WASM, and fetching it would leave
// our origin): hyparquet decodes it in JS, column by column, and the columns go to DuckDB as Arrow.
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { ColumnKind, ColumnValues } from './arrow-ipc.ts';

/** Random access to the bytes of a file, local or remote. */
export interface ByteSource {
  size: number;
  read(start: number, end: number): Promise<Uint8Array>;
}

export async function readParquet(source: ByteSource): Promise<{ columns: ColumnValues[]; rowCount: number }> {
  const file: AsyncBuffer = {
    byteLength: source.size,
    slice: async (start, end) => {
      const bytes = await source.read(start, end ?? source.size);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
  const metadata = await parquetMetadataAsync(file);
  const rowCount = Number(metadata.num_rows);
  const schema = parquetSchema(metadata);
  const names = schema.children.map((child) => child.element.name);
  const kinds = new Map(schema.children.map((child) => [child.element.name, kindOf(child.element)]));
  const data = new Map<string, unknown[]>(names.map((n) => [n, new Array(rowCount).fill(null)]));
  await parquetRead({
    file,
    metadata,
    compressors,
    onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
      const target = data.get(columnName);
      if (!target) return;
      for (let i = 0; i < columnData.length && rowStart + i < rowEnd && rowStart + i < rowCount; i++) target[rowStart + i] = normalise(columnData[i]);
    },
  });
  return { columns: names.map((name) => ({ name, values: data.get(name)!, kind: kinds.get(name) })), rowCount };
}

function kindOf(element: { type?: string; converted_type?: string; logical_type?: { type?: string } }): ColumnKind | undefined {
  const logical = element.logical_type?.type;
  if (logical === 'TIMESTAMP' || logical === 'DATE' || element.converted_type === 'TIMESTAMP_MILLIS' || element.converted_type === 'TIMESTAMP_MICROS' || element.converted_type === 'DATE' || element.type === 'INT96') return 'time';
  if (logical === 'STRING' || element.converted_type === 'UTF8') return 'text';
  if (element.type === 'BOOLEAN') return 'bool';
  if (logical === 'DECIMAL' || element.converted_type === 'DECIMAL') return 'number';
  if (['INT32', 'INT64'].includes(element.type ?? '')) return 'integer';
  if (['FLOAT', 'DOUBLE'].includes(element.type ?? '')) return 'number';
  return undefined;
}

function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  return value;
}
