// Walking a dropped folder through fake FileSystemEntry objects, and the folder picker's relative paths.
import { describe, expect, it } from 'vitest';
import {
  filesFromDataTransfer,
  filesFromEntries,
  filesFromInput,
  isHidden,
  type DirectoryEntryLike,
  type EntryLike,
  type FileEntryLike,
} from '../../src/lib/sources/folder.ts';

type Tree = { [name: string]: Tree | string };

function fileEntry(name: string, content: string, broken = false): FileEntryLike {
  return {
    name,
    isFile: true,
    isDirectory: false,
    file: (success, failure) =>
      setTimeout(() => (broken ? failure?.(new Error('NotReadableError')) : success(new File([content], name)))),
  };
}

/** A directory whose reader hands out its children `batch` at a time, as browsers do (at most 100 per call). */
function dirEntry(name: string, tree: Tree, batch = 2, calls = { reads: 0 }): DirectoryEntryLike {
  const children: EntryLike[] = Object.entries(tree).map(([child, value]) =>
    typeof value === 'string' ? fileEntry(child, value, value === 'BROKEN') : dirEntry(child, value, batch, calls),
  );
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader() {
      let at = 0;
      return {
        readEntries(success) {
          calls.reads++;
          const out = children.slice(at, at + batch);
          at += out.length;
          setTimeout(() => success(out));
        },
      };
    },
  };
}

const results: Tree = {
  nightly: {
    '2025-01-03': { 'bench.json': '{"a":1}', '.DS_Store': 'x' },
    '2025-01-04': { 'bench.json': '{"a":2}', 'notes.txt': 'hello' },
    '.git': { HEAD: 'ref: refs/heads/main', objects: { ab: { cdef: 'blob' } } },
  },
  target: {
    criterion: {
      fib: {
        recursive: { '20': { new: { 'estimates.json': '{}', 'sample.json': '{}' }, base: { 'estimates.json': '{}' } } },
      },
    },
  },
  '.benchmarks': { 'Linux-CPython-3.11-64bit': { '0001_abc_20250103_020000.json': '{}' } },
  '.hidden.json': '{}',
  'README.md': '# results',
};

describe('filesFromEntries', () => {
  it('walks nested folders, reading every batch, with paths relative to the dropped folder', async () => {
    const calls = { reads: 0 };
    const { files, unreadable } = await filesFromEntries([dirEntry('results', results, 2, calls)]);
    expect(files.map((f) => f.path)).toEqual([
      'results/.benchmarks/Linux-CPython-3.11-64bit/0001_abc_20250103_020000.json',
      'results/README.md',
      'results/nightly/2025-01-03/bench.json',
      'results/nightly/2025-01-04/bench.json',
      'results/nightly/2025-01-04/notes.txt',
      'results/target/criterion/fib/recursive/20/base/estimates.json',
      'results/target/criterion/fib/recursive/20/new/estimates.json',
      'results/target/criterion/fib/recursive/20/new/sample.json',
    ]);
    expect(unreadable).toEqual([]);
    // The File keeps its own base name; the path travels beside it.
    const bench = files.find((f) => f.path === 'results/nightly/2025-01-04/bench.json')!;
    expect(bench.file.name).toBe('bench.json');
    expect(await bench.file.text()).toBe('{"a":2}');
    // Hidden folders are not even opened: .git's reader is never asked.
    expect(calls.reads).toBeLessThan(40);
  });

  it('keeps dropped files and folders that are hidden themselves, skips hidden entries inside', async () => {
    const { files } = await filesFromEntries([
      fileEntry('.env.json', '{}'),
      dirEntry('.benchmarks', { '.lock': '', 'run.json': '{}' }),
    ]);
    expect(files.map((f) => f.path)).toEqual(['.benchmarks/run.json', '.env.json']);
  });

  it('lists a file that cannot be read and still returns the others', async () => {
    const { files, unreadable } = await filesFromEntries([dirEntry('d', { 'ok.json': '{}', 'locked.json': 'BROKEN' })]);
    expect(files.map((f) => f.path)).toEqual(['d/ok.json']);
    expect(unreadable).toEqual(['d/locked.json']);
  });

  it('reads a folder of more entries than one batch', async () => {
    const many: Tree = Object.fromEntries(
      Array.from({ length: 250 }, (_, i) => [`run-${String(i).padStart(3, '0')}.json`, '{}']),
    );
    const { files } = await filesFromEntries([dirEntry('many', many, 100)]);
    expect(files).toHaveLength(250);
    expect(files[249].path).toBe('many/run-249.json');
  });
});

describe('filesFromDataTransfer', () => {
  it('walks dropped folders and keeps loose files as they are', async () => {
    const loose = new File(['{}'], 'single.json');
    const folder = dirEntry('nightly', { '2025-01-03': { 'bench.json': '{}' }, '.DS_Store': '' });
    const transfer = {
      items: [
        { kind: 'file', webkitGetAsEntry: () => fileEntry('single.json', 'unused'), getAsFile: () => loose },
        { kind: 'file', webkitGetAsEntry: () => folder, getAsFile: () => null },
        { kind: 'string', webkitGetAsEntry: () => null, getAsFile: () => null },
      ],
    };
    const { files } = await filesFromDataTransfer(transfer);
    expect(files.map((f) => f.path)).toEqual(['single.json', 'nightly/2025-01-03/bench.json']);
    expect(files[0].file).toBe(loose);
  });

  it('takes the entries before its first await (the browser empties a DataTransfer after the drop event)', async () => {
    const folder = dirEntry('d', { 'a.json': '{}' });
    const items = [{ kind: 'file', webkitGetAsEntry: () => folder, getAsFile: () => null }];
    const pending = filesFromDataTransfer({ items });
    items.length = 0;
    expect((await pending).files.map((f) => f.path)).toEqual(['d/a.json']);
  });

  it('falls back to the file list without items, and to getAsFile without entries', async () => {
    const a = new File(['1'], 'a.csv');
    expect((await filesFromDataTransfer({ files: [a] })).files).toEqual([{ file: a, path: 'a.csv' }]);
    const b = new File(['2'], 'b.csv');
    expect((await filesFromDataTransfer({ items: [{ kind: 'file', getAsFile: () => b }] })).files).toEqual([
      { file: b, path: 'b.csv' },
    ]);
  });
});

describe('filesFromInput', () => {
  const picked = (relative: string) => {
    const file = new File(['{}'], relative.split('/').pop()!);
    Object.defineProperty(file, 'webkitRelativePath', { value: relative });
    return file;
  };

  it('uses webkitRelativePath, skips hidden files and folders below the picked folder, sorts by path', () => {
    const files = filesFromInput([
      picked('results/nightly/2025-01-04/bench.json'),
      picked('results/.git/HEAD'),
      picked('results/nightly/.DS_Store'),
      picked('results/nightly/2025-01-03/bench.json'),
      picked('results/.benchmarks/Linux/0001.json'),
    ]);
    expect(files.map((f) => f.path)).toEqual([
      'results/.benchmarks/Linux/0001.json',
      'results/nightly/2025-01-03/bench.json',
      'results/nightly/2025-01-04/bench.json',
    ]);
  });

  it('keeps the plain name of files picked without a folder', () => {
    expect(filesFromInput([new File(['x'], 'one.json')]).map((f) => f.path)).toEqual(['one.json']);
  });

  it('names hidden entries', () => {
    expect(['.git', '.DS_Store', '__MACOSX', 'Thumbs.db'].every(isHidden)).toBe(true);
    expect(['.benchmarks', 'bench.json', 'a.b'].some(isHidden)).toBe(false);
  });
});
