// Run order and run identity for parsed records opened together. A run's place in history comes from its time
// (from the content, else the file name or modification time, as the importer found it); a history file keeps
// the order of its entries (github-action-benchmark's data.js is in push order while its commit times go backwards
// and repeat); runs with equal times keep the natural order of their paths (file2 before file10). Equal times never
// merge runs: each run gets a distinct, monotone time per benchmark, and the note says which runs were moved.
// Files are told apart by path and content: the same path with the same bytes twice is read once (dropped by the
// caller with sameFileKey); files of one name from different folders are different runs.
import type { MeasurementRecord, ParsedRun } from './records.ts';

export interface RunFile {
  /** The path the file was opened as (relative to the folder, or its bare name). */
  path: string;
  run: ParsedRun;
}

/** One run: consecutive records of one file with one run group and at most one value per series and metric. */
interface Block {
  file: number;
  /** Position in its file. */
  entry: number;
  name: string;
  records: MeasurementRecord[];
  /** The series (and metric) of each record, as SeriesIds ids. */
  keys: number[];
  series: Set<number>;
  /** Earliest time of its records. */
  start: number;
}

/** Runs placed this far apart when their times tie or go backwards: visible on a chart, small against real gaps. */
export const RUN_SPACING_MS = 1000;

/** Compare paths the way people number files: digit runs by value (run2 < run10), the rest by text. */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return diff;
      if (x.length !== y.length) return x.length - y.length;
      continue;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** A key for "the same file reached twice": its path and its bytes. */
export function sameFileKey(path: string, bytes: Uint8Array): string {
  // FNV-1a over the bytes; with the path and the length, a collision between two real files is not a concern.
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return `${path}\u0000${bytes.length}\u0000${(hash >>> 0).toString(16)}`;
}

/** Small integer ids for (dimensions, metric), found by walking a tree of maps: no string is built per record, which
 *  keeps a million records cheap. */
class SeriesIds {
  private readonly root: SeriesNode = { next: new Map(), metrics: new Map() };
  private count = 0;

  of(record: MeasurementRecord): number {
    let node = this.root;
    for (const [name, value] of record.dims) {
      let byValue = node.next.get(name);
      if (!byValue) node.next.set(name, (byValue = new Map()));
      let child = byValue.get(value);
      if (!child) byValue.set(value, (child = { next: new Map(), metrics: new Map() }));
      node = child;
    }
    let id = node.metrics.get(record.metric);
    if (id === undefined) node.metrics.set(record.metric, (id = this.count++));
    return id;
  }
}

interface SeriesNode {
  next: Map<string, Map<string | null, SeriesNode>>;
  metrics: Map<string, number>;
}

function splitBlocks(file: RunFile, index: number, ids: SeriesIds): Block[] {
  const blocks: Block[] = [];
  const groups = new Set(file.run.records.map((r) => r.runGroup ?? file.path));
  let current: Block | null = null;
  for (const record of file.run.records) {
    const name = record.runGroup ?? file.path;
    const series = ids.of(record);
    // A file of one run group is one run, whatever it repeats (e.g. `go test -count 5` lines).
    const split = groups.size > 1 && current !== null && (current.name !== name || current.series.has(series));
    if (current === null || split) {
      current = { file: index, entry: blocks.length, name, records: [], keys: [], series: new Set(), start: record.ts };
      blocks.push(current);
    }
    current.records.push(record);
    current.keys.push(series);
    current.series.add(series);
    if (record.ts < current.start) current.start = record.ts;
  }
  return blocks;
}

/** Runs whose every measurement (series, time, value) another file's run also holds: a project folder often keeps a
 *  run's output beside a file that gathers several runs. Of two identical runs the later one is the copy. */
function copiedRuns(blocks: Block[]): Set<Block> {
  const copies = new Set<Block>();
  if (new Set(blocks.map((b) => b.file)).size < 2) return copies;
  const keysOf = new Map<Block, Set<string>>();
  const holders = new Map<string, Block[]>();
  for (const block of blocks) {
    const keys = new Set(block.records.map((r, i) => `${block.keys[i]}|${r.ts}|${r.value}`));
    keysOf.set(block, keys);
    for (const key of keys) (holders.get(key) ?? holders.set(key, []).get(key)!).push(block);
  }
  for (const block of blocks) {
    const keys = keysOf.get(block)!;
    const [first] = keys;
    if (first === undefined) continue;
    const covered = holders.get(first)!.some((other) => {
      if (other === block || other.file === block.file || copies.has(other)) return false;
      const otherKeys = keysOf.get(other)!;
      if (otherKeys.size < keys.size || (otherKeys.size === keys.size && other.file > block.file)) return false;
      for (const key of keys) if (!otherKeys.has(key)) return false;
      return true;
    });
    if (covered) copies.add(block);
  }
  return copies;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The records of files opened together, each run with a distinct name and a time that puts it in its place.
 * Returns new records (the input is not changed) and notes on what was moved or renamed.
 */
export function orderRuns(files: RunFile[]): { records: MeasurementRecord[]; notes: string[] } {
  const notes: string[] = [];
  const ids = new SeriesIds();
  const split = files.map((file, index) => splitBlocks(file, index, ids));
  const copies = copiedRuns(split.flat());
  const perFile = split.map((blocks) => blocks.filter((b) => !copies.has(b)));
  if (copies.size)
    notes.push(
      `${plural(copies.size, 'run was', 'runs were')} already in another file (the same measurements at the same times, e.g. a summary file beside its parts) and ${copies.size === 1 ? 'was' : 'were'} read once.`,
    );

  // Names: a run group met again (in another file, or in the same file for series it already has) is another run.
  const owners = new Map<string, { file: number; series: Set<number> }[]>();
  const names = new Map<Block, string>();
  let renamed = 0;
  for (const block of perFile.flat()) {
    const seen = owners.get(block.name) ?? [];
    owners.set(block.name, seen);
    let slot = seen.findIndex((o) => o.file === block.file && ![...block.series].some((s) => o.series.has(s)));
    if (slot < 0) {
      slot = seen.length;
      seen.push({ file: block.file, series: new Set() });
    }
    for (const s of block.series) seen[slot].series.add(s);
    if (slot > 0) renamed++;
    names.set(block, slot === 0 ? block.name : `${block.name} #${slot + 1}`);
  }
  if (renamed)
    notes.push(
      `${plural(renamed, 'run has', 'runs have')} the name of another run (the same file name in different folders, or a commit measured again); they are numbered #2, #3 … in the order they were read.`,
    );

  // Within a history file, entries keep their order: per series, each entry comes after the one before it.
  const shift = new Map<Block, number>();
  const last = new Map<number, number>();
  const place = (block: Block): boolean => {
    const base = shift.get(block) ?? 0;
    let delta = base;
    for (let i = 0; i < block.records.length; i++) {
      const previous = last.get(block.keys[i]);
      if (previous !== undefined) delta = Math.max(delta, previous + RUN_SPACING_MS - block.records[i].ts);
    }
    shift.set(block, delta);
    for (let i = 0; i < block.records.length; i++)
      last.set(block.keys[i], Math.max(last.get(block.keys[i]) ?? -Infinity, block.records[i].ts + delta));
    return delta > base;
  };
  for (const [index, blocks] of perFile.entries()) {
    if (blocks.length < 2) continue;
    last.clear();
    const moved = blocks.filter(place).length;
    if (moved)
      notes.push(
        `${files.length > 1 ? `${files[index].path}: ` : ''}${plural(moved, 'entry is', 'entries are')} dated before an earlier entry of the same benchmarks (e.g. by commit time); kept in the file's order, each ${RUN_SPACING_MS / 1000} s after the one before.`,
      );
  }

  // Across files: by time, then by the natural order of paths; runs of the same benchmarks never share a time. A
  // file's runs keep their order: each sorts at the latest start of its file up to it.
  const key = new Map<Block, number>();
  for (const blocks of perFile) {
    let running = -Infinity;
    for (const block of blocks) key.set(block, (running = Math.max(running, block.start + (shift.get(block) ?? 0))));
  }
  const all = perFile.flat();
  all.sort(
    (a, b) =>
      key.get(a)! - key.get(b)! ||
      naturalCompare(files[a.file].path, files[b.file].path) ||
      a.file - b.file ||
      a.entry - b.entry,
  );
  last.clear();
  let tied = 0;
  for (const block of all) if (place(block)) tied++;
  if (tied)
    notes.push(
      `${plural(tied, 'run shares', 'runs share')} a time with another run of the same benchmarks (e.g. files with one modification time); placed ${RUN_SPACING_MS / 1000} s apart in the natural order of their paths.`,
    );

  const records: MeasurementRecord[] = [];
  for (const block of all) {
    const delta = shift.get(block) ?? 0;
    const name = names.get(block)!;
    for (const r of block.records)
      records.push(
        delta === 0 && name === (r.runGroup ?? files[block.file].path) && r.runGroup
          ? r
          : { ...r, ts: r.ts + delta, runGroup: name },
      );
  }
  return { records, notes };
}
