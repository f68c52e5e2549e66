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
  const { file, metadata } = await openParquet(source);
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
      for (let i = 0; i < columnData.length && rowStart + i < rowEnd && rowStart + i < rowCount; i++)
        target[rowStart + i] = normalise(columnData[i]);
    },
  });
  return { columns: names.map((name) => ({ name, values: data.get(name)!, kind: kinds.get(name) })), rowCount };
}

function kindOf(element: {
  type?: string;
  converted_type?: string;
  logical_type?: { type?: string };
}): ColumnKind | undefined {
  const logical = element.logical_type?.type;
  if (
    logical === 'TIMESTAMP' ||
    logical === 'DATE' ||
    element.converted_type === 'TIMESTAMP_MILLIS' ||
    element.converted_type === 'TIMESTAMP_MICROS' ||
    element.converted_type === 'DATE' ||
    element.type === 'INT96'
  )
    return 'time';
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

/** One request for the bytes of a row group's wanted column chunks (adjacent in the file), instead of one per
 *  chunk: over HTTP/1.1 a browser runs six requests at a time, and a series view touches every partition. */
async function prefetchRowGroup(
  file: AsyncBuffer,
  group: OpenedParquet['metadata']['row_groups'][number],
  columns: string[],
): Promise<AsyncBuffer> {
  let start = Infinity;
  let end = 0;
  for (const chunk of group.columns) {
    const meta = chunk.meta_data;
    if (!meta || !columns.includes(meta.path_in_schema.join('.'))) continue;
    const first = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
    start = Math.min(start, first);
    end = Math.max(end, first + Number(meta.total_compressed_size));
  }
  if (!Number.isFinite(start) || end <= start) return file;
  const bytes = await file.slice(start, end);
  return {
    byteLength: file.byteLength,
    slice: (from, to) =>
      from >= start && (to ?? file.byteLength) <= end
        ? bytes.slice(from - start, (to ?? file.byteLength) - start)
        : file.slice(from, to),
  };
}

export interface OpenedParquet {
  file: AsyncBuffer;
  metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
}

/** The footer of a (remote) Parquet file, read once with a small first fetch and kept for later reads. */
export async function openParquet(source: ByteSource, footerBytes = 1 << 16): Promise<OpenedParquet> {
  const file: AsyncBuffer = {
    byteLength: source.size,
    slice: async (start, end) => {
      const bytes = await source.read(start, end ?? source.size);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
  return { file, metadata: await parquetMetadataAsync(file, { initialFetchSize: Math.min(source.size, footerBytes) }) };
}

/** Rows of a published partition whose `series_id` is one of `ids`: only the row groups whose statistics can
 *  hold them are read, so a series view reads a few kilobytes per partition. */
export async function readParquetSeries(
  parquet: OpenedParquet,
  ids: Set<number>,
  columns: string[],
): Promise<{ columns: ColumnValues[]; rowCount: number }> {
  const { file, metadata } = parquet;
  const seriesColumn =
    metadata.row_groups[0]?.columns.findIndex((c) => c.meta_data?.path_in_schema.join('.') === 'series_id') ?? -1;
  const wanted = [...ids];
  const out = new Map<string, unknown[]>(columns.map((c) => [c, []]));
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    const stats = seriesColumn >= 0 ? group.columns[seriesColumn].meta_data?.statistics : undefined;
    const min = stats?.min_value ?? stats?.min;
    const max = stats?.max_value ?? stats?.max;
    const mayHold =
      min === undefined || max === undefined || wanted.some((id) => id >= Number(min) && id <= Number(max));
    if (mayHold) {
      const data = new Map<string, unknown[]>();
      const wantedColumns = [...new Set(['series_id', ...columns])];
      await parquetRead({
        file: await prefetchRowGroup(file, group, wantedColumns),
        metadata,
        compressors,
        columns: wantedColumns,
        rowStart,
        rowEnd: rowStart + rows,
        onChunk: ({ columnName, columnData, rowStart: chunkStart }) => {
          const target =
            data.get(columnName) ?? (data.set(columnName, new Array(rows).fill(null)).get(columnName) as unknown[]);
          for (let i = 0; i < columnData.length; i++) {
            const at = chunkStart + i - rowStart;
            if (at >= 0 && at < rows) target[at] = normalise(columnData[i]);
          }
        },
      });
      const series = data.get('series_id') ?? [];
      for (let i = 0; i < rows; i++) {
        if (!ids.has(Number(series[i]))) continue;
        for (const c of columns) out.get(c)!.push(data.get(c)?.[i] ?? null);
      }
    }
    rowStart += rows;
  }
  const rowCount = out.get(columns[0])?.length ?? 0;
  return { columns: columns.map((name) => ({ name, values: out.get(name)! })), rowCount };
}
