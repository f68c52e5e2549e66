// CLI messages speak of the CLI: no page wording, no browser advice, no private paths, no stacks.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliText, describeError } from '../../src/cli/messages.ts';
import { SourceError } from '../../src/lib/sources/errors.ts';
import { FIXTURES, tempDir } from './helpers/engine.ts';
import { runCli as run } from './helpers/cli.ts';

const PAGE_WORDS = /this page|the page works|CORS|drop it here|reload the page|\n\s+at |perftrack-\d+-/i;

describe('CLI messages', () => {
  it('rewrites page wording and private paths', () => {
    expect(cliText('x.bin is not a format this page recognises.')).toBe('x.bin is not a format perftrack recognises.');
    expect(
      cliText(
        'u could not be reached (timeout). Check the address and your connection; if the server is up, it may be refusing cross-origin requests (CORS).',
      ),
    ).not.toMatch(PAGE_WORDS);
    expect(cliText('Error in /tmp/perftrack-123-abc/src_4.duckdb: bad')).toBe('Error in the file: bad');
  });

  it('an unexpected error is one line and a way to see more, not a stack', () => {
    const text = describeError(new Error('Out of Memory Error: failed to allocate\n    at foo (x.ts:1:1)'));
    expect(text).toMatch(/^perftrack: Out of Memory Error: failed to allocate\n {2}\(set PERFTRACK_DEBUG=1/);
    expect(describeError(new SourceError('a.duckdb is bad.', 'Do this.'))).toBe(
      'perftrack: a.duckdb is bad.\n  Do this.',
    );
  });

  it('a newer storage version and an unknown binary: exit 2, CLI wording', async () => {
    const newer = await run('regression', '--db', path.join(FIXTURES, 'duckdb/v68.duckdb'));
    expect(newer.code).toBe(2);
    expect(newer.err).toMatch(/storage version 68/);
    expect(newer.err).not.toMatch(PAGE_WORDS);
    const binary = path.join(tempDir(), 'blob.bin');
    fs.writeFileSync(binary, new Uint8Array([0, 1, 2, 3, 255, 254, 0, 0, 9]));
    const unknown = await run('baseline', '--db', binary);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/perftrack recognises/);
    expect(unknown.err).not.toMatch(PAGE_WORDS);
  });
});
