// The notes the page shows about opened sources (values left out, runs moved, files skipped) are said by the CLI
// too: on stderr for every verb, and in the JSON output of --format json.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { tempDir } from './helpers/engine.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (t) => out.push(t),
    (t) => err.push(t),
  );
  return { code, out: out.join('\n'), err };
}

// 16 metric values, 7 of them NaN, ±Infinity, out of range (1e400) or empty.
const CSV = [
  'time,bench,latency_ms,throughput',
  '2024-01-01T00:00:00Z,a,10,100',
  '2024-01-02T00:00:00Z,a,NaN,101',
  '2024-01-03T00:00:00Z,a,Infinity,99',
  '2024-01-04T00:00:00Z,a,11,1e400',
  '2024-01-05T00:00:00Z,a,-Infinity,NaN',
  '2024-01-06T00:00:00Z,a,10.5,',
  '2024-01-07T00:00:00Z,a,1e400,102',
  '2024-01-08T00:00:00Z,a,10.2,100',
].join('\n');

const NOTE =
  /^7 of 16 metric values are empty or not a finite number \(NaN, Infinity, out of range\): left out as missing\.$/;

let file: string;

beforeAll(() => {
  file = path.join(tempDir(), 'bad.csv');
  fs.writeFileSync(file, CSV);
});

/** The notes among stderr's lines, as --format json writes them. */
function jsonNotes(err: string[]): unknown[] {
  return err.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as unknown);
}

describe('notes about the opened sources', () => {
  it('baseline says on stderr, once, which values it left out', async () => {
    const result = await run('baseline', '--db', file, '--days', '3650', '--min-samples', '1', '--no-write');
    expect(result.code).toBe(0);
    const notes = result.err.filter((line) => line.startsWith('perftrack: bad.csv: '));
    expect(notes).toHaveLength(1);
    expect(notes[0].slice('perftrack: bad.csv: '.length)).toMatch(NOTE);
  });

  it('check says it on stderr, and --format json carries it as "notes" beside the fields it always had', async () => {
    const text = await run('check', '--db', file);
    expect(text.code).toBe(0);
    expect(text.err.filter((line) => /^perftrack: bad\.csv: 7 of 16 metric values/.test(line))).toHaveLength(1);

    const json = await run('check', '--db', file, '--format', 'json');
    expect(json.code).toBe(0);
    const output = JSON.parse(json.out) as Record<string, unknown>;
    expect(Object.keys(output)).toEqual(['checked', 'series', 'out_of_line', 'notes']);
    expect(output.notes).toEqual([{ source: 'bad.csv', note: expect.stringMatching(NOTE) }]);
    expect(jsonNotes(json.err)).toEqual(output.notes);
  });

  it('regression --format json keeps its array on stdout and writes each note as a JSON line on stderr', async () => {
    const result = await run('regression', '--db', file, '--days', '3650', '--format', 'json', '--no-write');
    expect(result.code).toBe(0);
    expect(Array.isArray(JSON.parse(result.out))).toBe(true);
    expect(jsonNotes(result.err)).toEqual([{ source: 'bad.csv', note: expect.stringMatching(NOTE) }]);
  });

  it('changes --format json carries the notes too; a source without notes gives an empty list', async () => {
    const changed = JSON.parse((await run('changes', '--db', file, '--format', 'json')).out) as { notes: unknown };
    expect(changed.notes).toEqual([{ source: 'bad.csv', note: expect.stringMatching(NOTE) }]);

    const clean = path.join(tempDir(), 'clean.csv');
    fs.writeFileSync(clean, CSV.replace(/NaN|-?Infinity|1e400/g, '10').replace(/,$/m, ',10'));
    const result = await run('changes', '--db', clean, '--format', 'json');
    expect((JSON.parse(result.out) as { notes: unknown }).notes).toEqual([]);
    expect(jsonNotes(result.err)).toEqual([]);
  });
});
