// Bombs and broken inputs against the real engine: each is refused with a reason naming the limit, and data
// already open stays.
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.ts';
import { inflateBounded } from '../../src/lib/sources/inflate.ts';
import { newEngine } from './helpers/engine.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
let engine: Engine;

/** `megabytes` of one repeated CSV row as a multi-member gzip file (one compressed megabyte, repeated): small on
 *  disk, and the test never holds the inflated bytes. */
function gzipBomb(megabytes: number): Uint8Array {
  const header = gzipSync(Buffer.from('ts,value\n'));
  const member = gzipSync(Buffer.from('2026-01-01T00:00:00Z,1\n'.repeat(Math.floor(2 ** 20 / 23))), { level: 9 });
  return new Uint8Array(Buffer.concat([header, ...Array.from({ length: megabytes }, () => member)]));
}

beforeAll(async () => {
  engine = await newEngine();
  await engine.openBytes('kept.csv', utf8('ts,bench,ms\n2026-01-01T00:00:00Z,a,1\n2026-01-02T00:00:00Z,a,2\n'));
});

describe('input limits', () => {
  it('a gzip bomb stops at the inflation limit, named in the message', async () => {
    const bomb = gzipBomb(530);
    expect(bomb.length).toBeLessThan(3 * 2 ** 20);
    await expect(engine.openBytes('bomb.csv.gz', bomb)).rejects.toThrow(
      'bomb.csv.gz inflates to more than 512 MB, the limit for compressed input; it was not opened.',
    );
    expect((await engine.listSources()).map((s) => s.name)).toEqual(['kept.csv']);
  });

  it('inflation under the limit gives the bytes back; over it stops while streaming', () => {
    const small = gzipBomb(2);
    expect(inflateBounded(small, { format: 'gzip', limit: 3 * 2 ** 20, name: 'x' }).length).toBeGreaterThan(
      2 * 2 ** 20 - 100,
    );
    expect(() => inflateBounded(small, { format: 'gzip', limit: 2 ** 20, name: 'x.gz' })).toThrow(
      'x.gz inflates to more than 1 MB',
    );
  });

  it('a 5 MB line is refused with its length, its line number and the limit', async () => {
    const text = 'ts,value\n2026-01-01,' + 'x'.repeat(5 * 2 ** 20) + '\n2026-01-02,2\n';
    await expect(engine.openBytes('long.csv', utf8(text))).rejects.toThrow(
      'long.csv has a line of 5 MB (line 2), longer than the 2 MB a line may hold.',
    );
  });

  it('a header of 200,000 columns is refused before DuckDB reads it', async () => {
    const header = Array.from({ length: 200_000 }, (_, i) => `c${i}`).join(',');
    await expect(
      engine.openBytes('wide.csv', utf8(header + '\n' + header.replace(/c\d+/g, '1') + '\n')),
    ).rejects.toThrow('wide.csv has 200,000 columns in its header, more than the 10,000 this page reads.');
  });

  it('JSON nested 200,000 levels deep is refused without a stack overflow', async () => {
    const deep = '[{"ts":"2026-01-01","v":1,"x":' + '{"a":'.repeat(200_000) + '1' + '}'.repeat(200_000) + '}]';
    await expect(engine.openBytes('deep.json', utf8(deep))).rejects.toThrow(
      'deep.json nests objects or arrays more than 100 levels deep, the limit for JSON here.',
    );
    // Brackets inside strings do not count.
    const rows = JSON.stringify([
      { ts: '2026-01-01T00:00:00Z', bench: '['.repeat(500), ms: 1 },
      { ts: '2026-01-02T00:00:00Z', bench: '['.repeat(500), ms: 2 },
    ]);
    await expect(engine.openBytes('strings.json', utf8(rows))).resolves.toMatchObject({ name: 'strings.json' });
  });

  it('random bytes behind the DuckDB magic are called damaged, not a storage version', async () => {
    const bytes = new Uint8Array(16384);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (Math.imul(i + 1, 2654435761) >>> 24) & 0xff;
    bytes.set(utf8('DUCK'), 8);
    await expect(engine.openBytes('rand.duckdb', bytes)).rejects.toThrow(
      'rand.duckdb is damaged: it starts like a DuckDB database, but its header holds no storage version DuckDB ever wrote.',
    );
    expect((await engine.listSources()).map((s) => s.name)).toEqual(['kept.csv', 'strings.json']);
  });
});
