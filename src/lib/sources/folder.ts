// Files out of a dropped folder or a folder picker, each with its path relative to what was opened
// (`nightly/2025-01-03/bench.json`, `target/criterion/fib/recursive/20/new/estimates.json`): importers read
// names and dates from the path. Hidden files and folders (.git, .DS_Store …) are skipped inside what was
// opened. The entry API is described structurally, so tests can hand in fakes.

export interface FileWithPath {
  file: File;
  /** Relative path with `/` separators, starting with the dropped or picked folder's name. */
  path: string;
}

/** What we use of the File and Directory Entries API (FileSystemEntry and its two kinds). */
export interface EntryLike {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
}
export interface FileEntryLike extends EntryLike {
  file(success: (file: File) => void, failure?: (error: unknown) => void): void;
}
export interface DirectoryEntryLike extends EntryLike {
  createReader(): { readEntries(success: (entries: EntryLike[]) => void, failure?: (error: unknown) => void): void };
}

/** What we use of a DataTransfer: items that may expose an entry, and the plain file list. */
export interface DataTransferLike {
  items?: ArrayLike<{ kind: string; webkitGetAsEntry?: () => EntryLike | null; getAsFile(): File | null }>;
  files?: ArrayLike<File>;
}

/** pytest-benchmark keeps its results in `.benchmarks/`: hidden, but exactly what a user drops a project for. */
const KEPT_HIDDEN = new Set(['.benchmarks']);

export function isHidden(name: string): boolean {
  return (
    (name.startsWith('.') && !KEPT_HIDDEN.has(name)) ||
    name === '__MACOSX' ||
    name === 'Thumbs.db' ||
    name === 'desktop.ini'
  );
}

const byPath = (a: FileWithPath, b: FileWithPath) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * Every file under the given entries, sorted by relative path. A directory is read until its
 * reader returns an empty batch (browsers hand out at most ~100 entries per call). Hidden entries below the
 * top level are skipped; a file or folder that cannot be read is listed in `unreadable` and the rest still load.
 */
export async function filesFromEntries(entries: EntryLike[]): Promise<{ files: FileWithPath[]; unreadable: string[] }> {
  const files: FileWithPath[] = [];
  const unreadable: string[] = [];
  const visit = async (entry: EntryLike, prefix: string, top: boolean): Promise<void> => {
    if (!top && isHidden(entry.name)) return;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    try {
      if (entry.isFile) {
        const file = await new Promise<File>((resolve, reject) => (entry as FileEntryLike).file(resolve, reject));
        files.push({ file, path });
      } else if (entry.isDirectory) {
        const reader = (entry as DirectoryEntryLike).createReader();
        const children: EntryLike[] = [];
        for (;;) {
          const batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
          if (batch.length === 0) break;
          children.push(...batch);
        }
        // Siblings at once: each file() is a round trip to the browser's file system.
        await Promise.all(children.map((child) => visit(child, path, false)));
      }
    } catch {
      unreadable.push(path);
    }
  };
  await Promise.all(entries.map((entry) => visit(entry, '', true)));
  return { files: files.sort(byPath), unreadable: unreadable.sort() };
}

/**
 * The files of a drop: folders are walked through their entries, plain files keep their names. Entries must be
 * taken while the drop event is being handled (the browser empties the DataTransfer afterwards), so this reads
 * them synchronously before its first await; call it directly from the drop handler.
 */
export function filesFromDataTransfer(
  transfer: DataTransferLike,
): Promise<{ files: FileWithPath[]; unreadable: string[] }> {
  const entries: EntryLike[] = [];
  const loose: FileWithPath[] = [];
  const items = transfer.items ? Array.from(transfer.items) : [];
  for (const item of items) {
    if (item.kind !== 'file') continue;
    // Folders through their entries; a plain file as it is (its File is at hand, and entries of files put
    // into a DataTransfer by script cannot always be read back).
    const entry = item.webkitGetAsEntry?.() ?? null;
    if (entry?.isDirectory) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push({ file, path: file.name });
    }
  }
  // No items (older browsers, synthetic events): the plain file list, which never holds folders.
  if (items.length === 0) for (const file of Array.from(transfer.files ?? [])) loose.push({ file, path: file.name });
  return filesFromEntries(entries).then(({ files, unreadable }) => ({ files: [...loose, ...files], unreadable }));
}

/** The files of `<input type="file" webkitdirectory>`: paths from webkitRelativePath, hidden ones skipped. */
export function filesFromInput(list: ArrayLike<File>): FileWithPath[] {
  const out: FileWithPath[] = [];
  for (const file of Array.from(list)) {
    const path = (file.webkitRelativePath || file.name).replace(/\\/g, '/');
    const parts = path.split('/');
    if (parts.slice(1).some(isHidden)) continue;
    out.push({ file, path });
  }
  return out.sort(byPath);
}
