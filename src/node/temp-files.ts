// Temporary files of perftrack runs. Native DuckDB's driver (engine/db/native.ts) keeps what DuckDB must read as a
// file (databases and tables opened from memory) and DuckDB's spill in folders named $TMPDIR/perftrack-<pid>-…,
// removed when the process exits; a killed run leaves them. Every perftrack command starts by removing the folders
// of runs whose process is gone (the engine cannot call this: it never imports Node's platform).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The folders a run makes: native.ts's private and spill folders, file-writer.ts's copy of a database. */
const RUN_FOLDER = /^perftrack-(\d+)-/;

/** Remove the temporary folders of perftrack runs that have ended; those of a running process stay. Returns the
 *  names removed. */
export function removeStaleTempFiles(dir = os.tmpdir()): string[] {
  const removed: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const pid = Number(RUN_FOLDER.exec(entry.name)?.[1]);
    if (!entry.isDirectory() || !pid || pid === process.pid || isRunning(pid)) continue;
    try {
      fs.rmSync(path.join(dir, entry.name), { recursive: true, force: true });
      removed.push(entry.name);
    } catch {
      // Another user's folder, or another command removing it at the same time: not ours to insist on.
    }
  }
  return removed;
}

/** Whether a process with this id is running (EPERM: it is, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
