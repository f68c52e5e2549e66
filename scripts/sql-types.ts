// Writes src/engine/sql-names.ts from sql/: every statement's name with its $params and {{slots}}, so a misspelt
// name or a missing parameter is a type error where the engine runs it. `npm run sql:types`; a unit test fails
// when the file is stale.
import fs from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { loadSqlLibrary } from '../src/engine/sql-files-node.ts';

export const SQL_NAMES_FILE = path.resolve(import.meta.dirname, '../src/engine/sql-names.ts');

/** The file's text, formatted as Prettier formats the tree. */
export async function sqlNamesSource(): Promise<string> {
  const library = loadSqlLibrary();
  const union = (names: string[]) =>
    names.length
      ? [...new Set(names)]
          .sort()
          .map((n) => `'${n}'`)
          .join(' | ')
      : 'never';
  const lines = Object.keys(library)
    .sort()
    .map((name) => `  '${name}': { params: ${union(library[name].params)}; slots: ${union(library[name].slots)} };`);
  const text = [
    '// Generated from sql/ by `npm run sql:types` (scripts/sql-types.ts): each statement with its $params and {{slots}}.',
    'export interface SqlStatements {',
    ...lines,
    '}',
    '',
    'export type SqlName = keyof SqlStatements;',
    '',
  ].join('\n');
  return prettier.format(text, { ...(await prettier.resolveConfig(SQL_NAMES_FILE)), filepath: SQL_NAMES_FILE });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  fs.writeFileSync(SQL_NAMES_FILE, await sqlNamesSource());
  console.log(`wrote ${path.relative(process.cwd(), SQL_NAMES_FILE)}`);
}
