// Native DuckDB in Node (@duckdb/node-api): what the CLI, publish and the benchmarks run on. It implements the same
// Db interface as DuckDB-WASM, so the engine and every sql/ file run unchanged; results come back as Arrow tables
// typed as DuckDB-WASM types them (BIGINT and DECIMAL as doubles, timestamps as microseconds).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
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
} from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBType, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
import { Table, tableFromIPC, type DataType } from 'apache-arrow';
import type { Db } from './db.ts';
import { offlineSettings } from './db.ts';
import { builderFor, type ColumnBuilder } from './native-columns.ts';
import { openRemote } from '../remote.ts';
import { quoteIdent } from '../sql.ts';

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
  const columns: Record<string, import('apache-arrow').Vector> = {};
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
  await connection.run(
    `CREATE TABLE ${quoteIdent(tableName)} (${names.map((name, i) => `${quoteIdent(name)} ${columns[i].sqlType}`).join(', ')})`,
  );
  if (table.numRows === 0 || fields.length === 0) return;
  const vectors = fields.map((f) => table.getChild(f.name)!);
  const appender = await connection.createAppender(tableName);
  try {
    for (let start = 0; start < table.numRows; start += CHUNK_ROWS) {
      const end = Math.min(table.numRows, start + CHUNK_ROWS);
      const chunk = DuckDBDataChunk.create(
        columns.map((c) => c.duckType),
        end - start,
      );
      for (let c = 0; c < columns.length; c++) {
        const values: DuckDBValue[] = new Array(end - start);
        for (let i = start; i < end; i++) {
          const v = vectors[c].get(i);
          values[i - start] = v === null || v === undefined ? null : columns[c].convert(v);
        }
        chunk.setColumnValues(c, values);
      }
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
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
