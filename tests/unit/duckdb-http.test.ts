// The app worker's side of DuckDB's bounded HTTP reads: each read's deadline (the stall limit, or its size at the
// minimum rate), reports from DuckDB's worker become progress, a query that failed on a read past its deadline or
// cancelled becomes a message naming the host and the rule, and the worker is told when to resume and which limits
// hold. (The script in DuckDB's worker runs in Chromium, against trickling servers: tests/e2e/remote-stall.spec.ts.)
import { describe, expect, it } from 'vitest';
import type { RemoteReadStatus } from '../../src/lib/model/api.ts';
import {
  HttpReads,
  readDeadline,
  type HttpControl,
  type HttpReadEvent,
  type ReadLimits,
} from '../../src/engine/db/duckdb-http.ts';
import { DOWNLOAD_LIMITS } from '../../src/engine/remote.ts';

const URL_A = 'http://data.example:8080/big.duckdb';
const event = (
  stage: HttpReadEvent['perftrackHttp']['stage'],
  bytes = 0,
  extra: Partial<HttpReadEvent['perftrackHttp']> = {},
): HttpReadEvent => ({ perftrackHttp: { url: URL_A, stage, bytes, ...extra } });

function setup(limits: () => ReadLimits = () => DOWNLOAD_LIMITS) {
  const sent: HttpControl[] = [];
  const statuses: (RemoteReadStatus | null)[] = [];
  const reads = new HttpReads((m) => sent.push(m), limits);
  reads.onStatus = (s) => statuses.push(s);
  return { reads, sent, statuses };
}

describe('DuckDB HTTP reads', () => {
  it('a read is given the stall limit, or the time its bytes take at the minimum rate when that is longer', () => {
    expect(readDeadline('bytes=0-16383', DOWNLOAD_LIMITS)).toEqual({ wanted: 16_384, ms: 15_000, minRate: null });
    expect(readDeadline('bytes=262144-524287', DOWNLOAD_LIMITS)).toEqual({
      wanted: 262_144,
      ms: 16_000,
      minRate: 16_384,
    });
    expect(readDeadline('bytes=0-10485759', DOWNLOAD_LIMITS).ms).toBe(640_000);
    // A HEAD (open-ended range) or a request without a range: the stall limit.
    expect(readDeadline('bytes=0-', DOWNLOAD_LIMITS)).toEqual({ wanted: 0, ms: 15_000, minRate: null });
    expect(readDeadline(null, { stallMs: 2000, minRate: 1024 }).ms).toBe(2000);
  });

  it('the deadline is written so that it runs alone in DuckDB’s worker', () => {
    const alone = new Function(`return (${readDeadline.toString()})`)() as typeof readDeadline;
    expect(alone('bytes=0-1048575', DOWNLOAD_LIMITS)).toEqual(readDeadline('bytes=0-1048575', DOWNLOAD_LIMITS));
  });

  it('counts the bytes a query reads, shows them with the host, and clears the status when the query ends', async () => {
    const { reads, statuses, sent } = setup();
    const result = await reads.run(async () => {
      reads.receive(event('start'));
      reads.receive(event('done', 262_144));
      await new Promise((resolve) => setTimeout(resolve, 150)); // the trailing report of the burst
      return 'rows';
    });
    expect(result).toBe('rows');
    expect(statuses.at(-2)).toEqual({ host: 'data.example:8080', url: URL_A, bytes: 262_144, active: false });
    expect(statuses.at(-1)).toBeNull();
    expect(sent).toEqual([]);
  });

  it('a small read with no answer in time reports the host and the stall limit, and DuckDB is told to resume', async () => {
    const { reads, sent } = setup();
    const deadline = readDeadline('bytes=0-16383', DOWNLOAD_LIMITS);
    const failing = reads.run(async () => {
      reads.receive(event('start'));
      reads.receive(event('stalled', 0, { deadline }));
      reads.receive(event('refused', 0, { reason: 'stalled', deadline }));
      throw new Error(
        'IO Error: Range request for http://data.example:8080/big.duckdb failed with error: Error: perftrack: no answer',
      );
    });
    await expect(failing).rejects.toThrow(
      'data.example:8080 did not send the 16 KiB DuckDB asked for within 15 s while DuckDB was reading http://data.example:8080/big.duckdb; the query was stopped. Data already open stays loaded.',
    );
    expect(sent).toEqual([{ perftrackHttpControl: 'resume' }]);
    // The next query starts afresh.
    await expect(reads.run(async () => 1)).resolves.toBe(1);
  });

  it('a large read that came too slowly names the minimum rate it missed', async () => {
    const { reads } = setup();
    const deadline = readDeadline('bytes=0-1048575', DOWNLOAD_LIMITS);
    const failing = reads.run(async () => {
      reads.receive(event('start'));
      reads.receive(event('stalled', 0, { deadline }));
      throw new Error('IO Error: Range request failed');
    });
    await expect(failing).rejects.toThrow(
      'data.example:8080 did not send the 1 MiB DuckDB asked for within 64 s (16 KiB/s, the slowest rate a read may keep) while DuckDB was reading http://data.example:8080/big.duckdb; the query was stopped.',
    );
    await expect(failing).rejects.toMatchObject({ hint: expect.stringMatching(/too slow.*open it from disk/) });
  });

  it('limits changed since the last query are sent to DuckDB’s worker before the next one', async () => {
    let limits: ReadLimits = DOWNLOAD_LIMITS;
    const { reads, sent } = setup(() => limits);
    await reads.run(async () => 1);
    expect(sent).toEqual([]);
    limits = { stallMs: 2000, minRate: 65_536 };
    await reads.run(async () => 2);
    await reads.run(async () => 3);
    expect(sent).toEqual([{ perftrackHttpControl: 'limits', limits: { stallMs: 2000, minRate: 65_536 } }]);
  });

  it('after Cancel, reads are refused until the cancelled work ends; the failure says cancelled', async () => {
    const { reads, sent } = setup();
    reads.cancel();
    const failing = reads.run(async () => {
      reads.receive(event('refused', 0, { reason: 'cancelled' }));
      throw new Error('IO Error: Range request failed');
    });
    await expect(failing).rejects.toThrow(`Cancelled: ${URL_A} was not opened.`);
    // Not resumed by the query itself: the caller resumes when all the work under way at the Cancel has ended.
    expect(sent).toEqual([{ perftrackHttpControl: 'cancel' }]);
    reads.resume();
    expect(sent.at(-1)).toEqual({ perftrackHttpControl: 'resume' });
  });

  it('other failures pass through unchanged, and messages that are not its own are left to DuckDB', async () => {
    const { reads } = setup();
    expect(reads.receive({ requestId: 3, type: 'QUERY_RESULT' })).toBe(false);
    await expect(reads.run(async () => Promise.reject(new Error('Binder Error: no such table')))).rejects.toThrow(
      'Binder Error: no such table',
    );
  });
});
