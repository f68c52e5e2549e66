// Where perftrack is installed: the folder of its package.json, found upwards from this module, so the same code finds
// the SQL files, the built app and its own version whether it runs from src/ (tsx, tests) or bundled in dist-cli/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name === 'perftrack')
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error('perftrack: cannot find its own package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const PACKAGE_ROOT = findRoot();

export const PERFTRACK_VERSION = (
  JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
