// What DuckDB may read in the page: only the files the engine registers for opened sources, all under one
// directory of DuckDB-WASM's virtual file system. After the lock, DuckDB itself refuses any other path or URL
// (read_csv('https://…'), 'file.csv' as a table, ATTACH, COPY), extension loading and settings changes, so the
// SQL console reaches the opened sources and nothing else (docs/security.md).

export const SOURCE_DIR = '/perftrack/';

/** The registered name of an opened source's file (e.g. `src_3.csv`). */
export function sourceFile(name: string): string {
  return SOURCE_DIR + name;
}

/** Run once, before any source is opened: allowed_directories cannot change once external access is off. */
export const LOCK_STATEMENTS = [
  `SET allowed_directories = ['${SOURCE_DIR}']`,
  'SET enable_external_access = false',
  'SET lock_configuration = true',
];

/** DuckDB's refusal, in words that say what the console can read. */
export function explainLockedAccess(message: string): string | null {
  const path = /Cannot access (?:file|directory) "([^"]*)"/.exec(message)?.[1];
  if (path !== undefined)
    return `The SQL console reads only the opened sources; it cannot read "${path}". Open a file or URL with the buttons above, then query it here.`;
  if (
    /Loading external extensions is disabled|configuration has been locked|Cannot change .* (?:setting|when enable_external_access)/i.test(
      message,
    )
  ) {
    return 'The SQL console cannot load extensions or change settings.';
  }
  return null;
}
