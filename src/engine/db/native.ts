// Native DuckDB in Node (@duckdb/node-api): what the CLI, publish and the benchmarks run on. It implements the same
// Db interface as DuckDB-WASM, so the engine and every sql/ file run unchanged; results come back as Arrow tables
// typed as DuckDB-WASM types them (BIGINT and DECIMAL as doubles, timestamps as microseconds).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection, DuckDBType, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
import { DataType, Table, Vector, tableFromIPC, type Data } from 'apache-arrow';
import type { Db } from './db.ts';
import { offlineSettings } from './db.ts';
import { builderFor, nodeApi, type ColumnBuilder } from './native-columns.ts';
import { openRemote } from '../remote.ts';
import { quoteIdent } from '../sql.ts';

const {
  DuckDBInstance,
  DuckDBDataChunk,
  BIGINT,
  BOOLEAN,
  DOUBLE,
  INTEGER,
  LIST,
  TIMESTAMP_MS,
  VARCHAR,
  JSDuckDBValueConverter,
  listValue,
  timestampMillisValue,
  ENUM,
} = nodeApi;

export interface NativeDb extends Db {
  /** The connection, for work that needs DuckDB's own features (attaching files in place, COPY … TO). */
  readonly connection: DuckDBConnection;
  /** Run one statement on a second connection, beside the queue: DuckDB runs it while the engine's statements go
   *  on (publish writes partitions while it analyses). */
  queryAside(sql: string, params?: unknown[]): Promise<Table>;
  /** exiting: the process ends next, so DuckDB's memory is left to the system rather than freed table by table
   *  (about 1 s for 10 M measurements). Databases opened for writing are detached (checkpointed) before this. */
  close(options?: { exiting?: boolean }): void;
}

/** Settings for every native instance: no extension is ever downloaded or loaded from outside the package. */
const INSTANCE_CONFIG: Record<string, string> = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
};

/** DuckDB's share of memory unless PERFTRACK_MEMORY_LIMIT says otherwise; beyond it DuckDB spills to the process's
 *  private folder. Measured on 29 Nov: regression on 20 M measurements peaks at 1.6 GB with 512 MB (2.0 GB with 1 GB),
 *  publish of 10 M at 1.3 GB in 38 s (1.8 GB in 41 s): the engine's arrays in JavaScript need the rest. */
const DEFAULT_MEMORY_LIMIT = '512MB';

export async function openNativeDb(options: { memoryLimit?: string; threads?: number } = {}): Promise<NativeDb> {
  const files = new PrivateFiles();
  const spill = spillFolder();
  const config: Record<string, string> = {
    ...INSTANCE_CONFIG,
    memory_limit: options.memoryLimit ?? process.env.PERFTRACK_MEMORY_LIMIT ?? DEFAULT_MEMORY_LIMIT,
    // Created by DuckDB only if it spills; removed when the process exits (after a kill, by the next command).
    temp_directory: spill,
  };
  if (options.threads) config.threads = String(options.threads);
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  for (const statement of offlineSettings('http://127.0.0.1:9/no-extensions')) await connection.run(statement);
  // One statement at a time on the one connection, as DuckDB-WASM's blocking bindings do.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  let aside: Promise<DuckDBConnection> | null = null;
  let asideOpen: DuckDBConnection | null = null;
  const asideConnection = () =>
    (aside ??= instance.connect().then(async (c) => {
      asideOpen = c;
      for (const statement of offlineSettings('http://127.0.0.1:9/no-extensions')) await c.run(statement);
      return c;
    }));

  return {
    connection,
    query: (sql, params) => serial(() => runToArrow(connection, sql, params)),
    queryAside: async (sql, params) => runToArrow(await asideConnection(), sql, params),
    registerBuffer: (name, bytes) => serial(async () => files.write(name, bytes)),
    registerUrl: (name, url) =>
      serial(async () => {
        // One download, with the page's stall limit and messages (remote.ts).
        const remote = await openRemote(url, () => {});
        return files.write(name, await remote.readAll(() => {}));
      }),
    dropFile: (name) => serial(async () => files.remove(name)),
    insertArrowIPC: (table, ipc) => serial(() => insertArrow(connection, table, tableFromIPC(ipc))),
    copyFileToBuffer: (name) => serial(async () => new Uint8Array(fs.readFileSync(files.path(name)))),
    version: () =>
      serial(async () => String((await connection.runAndReadAll('SELECT version() AS v')).getRowObjectsJS()[0].v)),
    writesInPlace: true,
    close({ exiting = false } = {}) {
      asideOpen?.closeSync();
      connection.closeSync();
      if (!exiting) instance.closeSync();
      files.removeAll();
      fs.rmSync(spill, { recursive: true, force: true });
      LIVE_FOLDERS.delete(spill);
    },
  };
}

// ---- parameters and results ----------------------------------------------------------------------

/** DuckDB-WASM binds every JS number as DOUBLE; so do we, so the same SQL types the same way. */
function bindTypes(params: unknown[]): { values: DuckDBValue[]; types: DuckDBType[] } {
  const values: DuckDBValue[] = [];
  const types: DuckDBType[] = [];
  for (const p of params) {
    if (p === null || p === undefined) {
      values.push(null);
      types.push(VARCHAR);
    } else if (typeof p === 'number') {
      values.push(p);
      types.push(DOUBLE);
    } else if (typeof p === 'bigint') {
      values.push(p);
      types.push(BIGINT);
    } else if (typeof p === 'boolean') {
      values.push(p);
      types.push(BOOLEAN);
    } else {
      values.push(String(p));
      types.push(VARCHAR);
    }
  }
  return { values, types };
}

async function runToArrow(connection: DuckDBConnection, sql: string, params?: unknown[]): Promise<Table> {
  const bound = params && params.length ? bindTypes(params) : null;
  const result = bound ? await connection.stream(sql, bound.values, bound.types) : await connection.stream(sql);
  const builders: ColumnBuilder[] = [];
  for (let c = 0; c < result.columnCount; c++) builders.push(builderFor(result.columnType(c)));
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (let c = 0; c < builders.length; c++)
      builders[c].append(chunk.getColumnVector(c) as DuckDBVector, chunk.rowCount, () =>
        chunk.convertColumnValues(c, JSDuckDBValueConverter),
      );
  }
  const columns: Record<string, Vector> = {};
  for (let c = 0; c < builders.length; c++) {
    let name = result.columnName(c);
    while (name in columns) name += '_';
    columns[name] = builders[c].finish();
  }
  return new Table(columns);
}

// ---- Arrow in ------------------------------------------------------------------------------------

interface ColumnIn {
  sqlType: string;
  duckType: DuckDBType;
  convert: (value: unknown) => DuckDBValue;
}

/** How an Arrow column built by arrow-ipc.ts becomes a DuckDB column: the types DuckDB-WASM gives it. */
function columnIn(type: DataType): ColumnIn {
  const text = String(type);
  if (/^Float/.test(text))
    return { sqlType: 'DOUBLE', duckType: DOUBLE, convert: (v) => (v === null ? null : Number(v)) };
  if (/^Int64/.test(text))
    return { sqlType: 'BIGINT', duckType: BIGINT, convert: (v) => (v === null ? null : BigInt(v as bigint)) };
  if (/^U?Int/.test(text))
    return { sqlType: 'INTEGER', duckType: INTEGER, convert: (v) => (v === null ? null : Number(v)) };
  if (/^Bool/.test(text))
    return { sqlType: 'BOOLEAN', duckType: BOOLEAN, convert: (v) => (v === null ? null : Boolean(v)) };
  if (/^Timestamp/.test(text))
    return {
      sqlType: 'TIMESTAMP_MS',
      duckType: TIMESTAMP_MS,
      convert: (v) => (v === null ? null : timestampMillisValue(BigInt(Math.round(Number(v))))),
    };
  if (/^List<Float/.test(text)) {
    return {
      sqlType: 'DOUBLE[]',
      duckType: LIST(DOUBLE),
      convert: (v) =>
        v === null ? null : listValue(Array.from(v as ArrayLike<number>, (x) => (x === null ? null : Number(x)))),
    };
  }
  return { sqlType: 'VARCHAR', duckType: VARCHAR, convert: (v) => (v === null ? null : String(v)) };
}

const CHUNK_ROWS = 2048;

async function insertArrow(connection: DuckDBConnection, tableName: string, table: Table): Promise<void> {
  const fields = table.schema.fields;
  const columns = fields.map((f) => columnIn(f.type));
  const names = uniqueNames(fields.map((f) => f.name));
  const create = (name: string, types: string[]) =>
    connection.run(
      `CREATE TABLE ${quoteIdent(name)} (${names.map((n, i) => `${quoteIdent(n)} ${types[i]}`).join(', ')})`,
    );
  if (table.numRows === 0 || fields.length === 0)
    return void (await create(
      tableName,
      columns.map((c) => c.sqlType),
    ));
  // Repeated text goes in as an ENUM of its words (one integer per row, where a VARCHAR takes one call into DuckDB
  // per value), into a table beside the target that a cast then copies.
  const enums = fields.map((_, c) => enumWords(table, c));
  const staged = enums.some((words) => words !== null) ? `${tableName}__enum` : tableName;
  await create(
    staged,
    columns.map((c, i) => enums[i]?.sql ?? c.sqlType),
  );
  try {
    await append(connection, staged, table, columns, enums);
    if (staged === tableName) return;
    const select = names.map((n, i) => (enums[i] ? `${quoteIdent(n)}::VARCHAR AS ${quoteIdent(n)}` : quoteIdent(n)));
    await connection.run(
      `CREATE TABLE ${quoteIdent(tableName)} AS SELECT ${select.join(', ')} FROM ${quoteIdent(staged)}`,
    );
  } finally {
    if (staged !== tableName) await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(staged)}`);
  }
}

/** The table's rows appended to `target` in chunks of CHUNK_ROWS. */
async function append(
  connection: DuckDBConnection,
  target: string,
  table: Table,
  columns: ColumnIn[],
  enums: ({ type: DuckDBType } | null)[],
): Promise<void> {
  const appender = await connection.createAppender(target);
  try {
    const types = columns.map((c, i) => enums[i]?.type ?? c.duckType);
    const values: DuckDBValue[] = [];
    for (const batch of table.batches) {
      const readers = columns.map((c, i) => columnReader(batch.data.children[i], c));
      for (let start = 0; start < batch.numRows; start += CHUNK_ROWS) {
        const end = Math.min(batch.numRows, start + CHUNK_ROWS);
        const chunk = DuckDBDataChunk.create(types, end - start);
        values.length = end - start;
        for (let c = 0; c < columns.length; c++) {
          const read = readers[c];
          for (let i = start; i < end; i++) values[i - start] = read(i);
          chunk.setColumnValues(c, values);
        }
        appender.appendDataChunk(chunk);
      }
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** At most this many distinct words make a column an ENUM (each is spelt out in the CREATE TABLE statement); below
 *  ENUM_MIN_ROWS rows the two extra statements cost more than they save. */
const MAX_ENUM_WORDS = 50_000;
const ENUM_MIN_ROWS = 4096;

/** A dictionary-encoded text column's words over all batches as an ENUM type, when they repeat (at most one
 *  distinct word per two rows), are few enough, and DuckDB can spell them; else null. */
function enumWords(table: Table, column: number): { sql: string; type: DuckDBType } | null {
  if (table.numRows < ENUM_MIN_ROWS) return null;
  const words = new Set<string>();
  for (const batch of table.batches) {
    const data = batch.data.children[column];
    if (!DataType.isDictionary(data.type) || !DataType.isUtf8(data.type.dictionary)) return null;
    if (data.nullCount === data.length) continue;
    if (!data.dictionary) return null;
    for (const word of data.dictionary.toArray() as string[]) words.add(word);
  }
  if (words.size === 0 || words.size > MAX_ENUM_WORDS || words.size * 2 > table.numRows) return null;
  const list = [...words];
  if (list.some((w) => w.includes('\0'))) return null;
  return { sql: `ENUM(${list.map((w) => `'${w.replaceAll("'", "''")}'`).join(', ')})`, type: ENUM(list) };
}

/**
 * One column of one record batch as DuckDB values, read from its buffers: numbers, times and dictionary-encoded
 * text (all that arrow-ipc.ts writes, apart from lists) without apache-arrow's per-value Vector.get, and each
 * dictionary word decoded once. Anything else goes through Vector.get.
 */
function columnReader(data: Data, column: ColumnIn): (row: number) => DuckDBValue {
  const bitmap = data.nullCount > 0 ? data.nullBitmap : null;
  const offset = data.offset;
  const isNull = (row: number) => bitmap !== null && (bitmap[(offset + row) >> 3] & (1 << ((offset + row) & 7))) === 0;
  if (data.nullCount === data.length) return () => null;
  const type = data.type;
  if (DataType.isDictionary(type) && DataType.isUtf8(type.dictionary) && data.dictionary) {
    const words = data.dictionary.toArray() as string[];
    const indices = data.values as Int32Array;
    return (row) => (isNull(row) ? null : words[indices[offset + row]]);
  }
  if (column.duckType === DOUBLE && data.values instanceof Float64Array) {
    const numbers = data.values;
    return (row) => (isNull(row) ? null : numbers[offset + row]);
  }
  if (column.duckType === TIMESTAMP_MS && data.values instanceof BigInt64Array) {
    const times = data.values;
    return (row) => (isNull(row) ? null : timestampMillisValue(times[offset + row]));
  }
  const vector = new Vector([data]);
  return (row) => {
    const v = vector.get(row) as unknown;
    return v === null || v === undefined ? null : column.convert(v);
  };
}

/** Column names as DuckDB makes them unique when it creates a table from a scan (DuckDB-WASM's Arrow insert):
 *  names are case-insensitive, and a repeated one gets _1, _2, … */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let k = 1; seen.has(unique.toLowerCase()); k++) unique = `${name}_${k}`;
    seen.add(unique.toLowerCase());
    return unique;
  });
}

// ---- registered files ----------------------------------------------------------------------------

/** Bytes DuckDB must read as a file (a CSV or database opened from memory) live in one private folder per process,
 *  removed when the file is dropped and when the process exits. A killed process leaves its folders
 *  ($TMPDIR/perftrack-<pid>-…): the next perftrack command removes them (src/node/temp-files.ts). */
class PrivateFiles {
  private dir: string | null = null;
  private readonly names = new Map<string, string>();

  write(name: string, bytes: Uint8Array): string {
    const file = path.join(this.folder(), name.replace(/[^\w.-]/g, '_'));
    fs.writeFileSync(file, bytes, { mode: 0o600 });
    this.names.set(name, file);
    return file;
  }

  path(name: string): string {
    const file = this.names.get(name);
    if (!file) throw new Error(`no registered file ${name}`);
    return file;
  }

  remove(name: string): void {
    const file = this.names.get(name);
    if (!file) return;
    this.names.delete(name);
    for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
  }

  removeAll(): void {
    if (this.dir) {
      fs.rmSync(this.dir, { recursive: true, force: true });
      LIVE_FOLDERS.delete(this.dir);
    }
    this.dir = null;
    this.names.clear();
  }

  private folder(): string {
    if (this.dir) return this.dir;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `perftrack-${process.pid}-`));
    removeAtExit(this.dir);
    return this.dir;
  }
}

function spillFolder(): string {
  const dir = path.join(os.tmpdir(), `perftrack-${process.pid}-spill-${Math.random().toString(36).slice(2, 10)}`);
  removeAtExit(dir);
  return dir;
}

function removeAtExit(dir: string): void {
  if (!exitHookInstalled) {
    process.once('exit', () => {
      for (const live of LIVE_FOLDERS) fs.rmSync(live, { recursive: true, force: true });
    });
    exitHookInstalled = true;
  }
  LIVE_FOLDERS.add(dir);
}

const LIVE_FOLDERS = new Set<string>();
let exitHookInstalled = false;
