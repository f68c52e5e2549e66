// Named SQL files: `$name` parameters in the file become positional `?` on the wire (DuckDB-WASM
// prepared statements bind positional scalars only). `{{slot}}` holds an identifier or list of
// identifiers that code fills with quoted names; user values never go into a slot.

export interface SqlStatement {
  name: string;
  text: string;
  /** Parameter names in the order their `?` appear. */
  params: string[];
  slots: string[];
}

export type SqlLibrary = Record<string, SqlStatement>;

export function compileSql(name: string, source: string): SqlStatement {
  const params: string[] = [];
  const slots = new Set<string>();
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === "'" || c === '"') {
      const end = closingQuote(source, i);
      out += source.slice(i, end);
      i = end;
    } else if (c === '-' && source[i + 1] === '-') {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
    } else if (c === '$' && /[a-z_]/i.test(source[i + 1] ?? '')) {
      const match = /^\$([a-z_][a-z0-9_]*)/i.exec(source.slice(i))!;
      params.push(match[1]);
      out += '?';
      i += match[0].length;
    } else if (c === '{' && source[i + 1] === '{') {
      const end = source.indexOf('}}', i);
      if (end === -1) throw new Error(`${name}: unclosed {{ slot`);
      slots.add(source.slice(i + 2, end).trim());
      out += source.slice(i, end + 2);
      i = end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return { name, text: out.trim().replace(/;\s*$/, ''), params, slots: [...slots] };
}

function closingQuote(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}

export function bindParams(statement: SqlStatement, values: Record<string, unknown>): unknown[] {
  return statement.params.map((param) => {
    if (!(param in values)) throw new Error(`${statement.name}: missing parameter $${param}`);
    const value = values[param];
    return value === undefined ? null : value;
  });
}

/** Fill `{{slot}}` markers with SQL fragments built by code (quoted identifiers, our own literals). */
export function fillSlots(statement: SqlStatement, fragments: Record<string, string>): string {
  return statement.text.replace(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/gi, (_, slot: string) => {
    if (!(slot in fragments)) throw new Error(`${statement.name}: missing slot {{${slot}}}`);
    return fragments[slot];
  });
}

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

export function quoteLiteral(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

export function buildLibrary(files: Record<string, string>): SqlLibrary {
  const library: SqlLibrary = {};
  for (const [path, source] of Object.entries(files)) {
    const name = path.replace(/^.*?sql\//, '').replace(/\.sql$/, '');
    library[name] = compileSql(name, source);
  }
  return library;
}
