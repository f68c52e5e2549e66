import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLibrary, type SqlLibrary } from './sql.ts';

export function loadSqlLibrary(
  root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sql'),
): SqlLibrary {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.sql'))
        files['sql/' + path.relative(root, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return buildLibrary(files);
}
