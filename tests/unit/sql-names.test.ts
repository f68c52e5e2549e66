// The named SQL holds together: sql-names.ts matches sql/, every file's header names its $params and {{slots}},
// every statement the code runs exists and gets exactly the parameters and slots its file declares, and no file
// is left unused.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSqlLibrary } from '../../src/engine/sql-files-node.ts';
import { SQL_NAMES_FILE, sqlNamesSource } from '../../scripts/sql-types.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const library = loadSqlLibrary();

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('sql-names.ts'))
    .map((f) => path.join(ROOT, dir, f));
}

/** The keys of an object literal starting at `text[start]` ('{'), or null when the argument is not a literal. */
function literalKeys(text: string, start: number): { keys: string[]; end: number } | null {
  if (text[start] !== '{') return null;
  let depth = 0;
  let end = start;
  for (; end < text.length; end++) {
    if ('{[('.includes(text[end])) depth++;
    else if ('}])'.includes(text[end]) && --depth === 0) break;
  }
  const body = text.slice(start + 1, end);
  if (body.includes('...')) return null;
  // Top-level keys only: `name:` or a shorthand `name` between commas.
  const keys: string[] = [];
  let level = 0;
  let token = '';
  for (const c of body + ',') {
    if ('{[('.includes(c)) level++;
    if ('}])'.includes(c)) level--;
    if (level === 0 && c === ',') {
      const key = /^\s*([a-z_][a-z0-9_]*)\s*(?::|$)/i.exec(token)?.[1];
      if (key) keys.push(key);
      token = '';
    } else token += c;
  }
  return { keys, end: end + 1 };
}

interface Call {
  file: string;
  name: string;
  params: string[] | null;
  slots: string[] | null;
}

/** Every `.exec('name', …)` and `.rows<…>('name', …)` with a literal name in the engine's sources. */
function calls(): Call[] {
  const out: Call[] = [];
  for (const file of sourceFiles('src/engine')) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\.(?:exec|rows)(?:<[^(]*?>)?\(\s*'([^']+)'/g)) {
      let at = m.index + m[0].length;
      const skip = () => {
        while (/[\s,]/.test(text[at])) at++;
      };
      skip();
      const params = text[at] === ')' ? { keys: [], end: at } : literalKeys(text, at);
      let slots: { keys: string[]; end: number } | null = { keys: [], end: at };
      if (params) {
        at = params.end;
        skip();
        slots = text[at] === ')' ? { keys: [], end: at } : literalKeys(text, at);
      }
      out.push({
        file: path.relative(ROOT, file),
        name: m[1],
        params: params?.keys ?? null,
        slots: slots?.keys ?? null,
      });
    }
  }
  return out;
}

describe('named SQL', () => {
  it('sql-names.ts lists every statement of sql/ with its parameters and slots (npm run sql:types writes it)', async () => {
    expect(fs.readFileSync(SQL_NAMES_FILE, 'utf8')).toBe(await sqlNamesSource());
  });

  it("every file's header comment says what it is and names each $param and each {{slot}}", () => {
    const problems: string[] = [];
    for (const [name, statement] of Object.entries(library)) {
      const source = fs.readFileSync(path.join(ROOT, 'sql', `${name}.sql`), 'utf8');
      const header = source
        .split('\n')
        .filter((l) => l.startsWith('--'))
        .join('\n');
      if (!/^-- [\w.]+: \S/.test(header))
        problems.push(`${name}: header does not start with "-- <what it makes or answers>: …"`);
      for (const p of statement.params)
        if (!header.includes(`$${p}`)) problems.push(`${name}: $${p} not in the header`);
      for (const s of statement.slots)
        if (!header.includes(`{{${s}}}`)) problems.push(`${name}: {{${s}}} not in the header`);
    }
    expect(problems).toEqual([]);
  });

  it('every statement the engine runs exists and gets exactly the parameters and slots its file declares', () => {
    const found = calls();
    expect(found.length).toBeGreaterThan(80);
    const problems: string[] = [];
    for (const call of found) {
      const statement = library[call.name];
      if (!statement) {
        problems.push(`${call.file}: no sql/${call.name}.sql`);
        continue;
      }
      const same = (given: string[] | null, wanted: string[]) =>
        given === null || [...new Set(given)].sort().join() === [...new Set(wanted)].sort().join();
      if (!same(call.params, statement.params))
        problems.push(`${call.file}: ${call.name} given params ${call.params} but declares ${statement.params}`);
      if (!same(call.slots, statement.slots))
        problems.push(`${call.file}: ${call.name} given slots ${call.slots} but declares ${statement.slots}`);
    }
    expect(problems).toEqual([]);
  });

  it('no file of sql/ is left unused by the engine', () => {
    const text = sourceFiles('src/engine')
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const unused = Object.keys(library).filter((name) => !text.includes(`'${name}'`));
    expect(unused).toEqual([]);
  });
});
