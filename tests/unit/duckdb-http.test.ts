// The app worker's side of DuckDB's bounded HTTP reads: reports from DuckDB's worker become progress, a query that
// failed on a stalled or cancelled read becomes a message naming the host, and the worker is told when to resume.
// (The script in DuckDB's worker runs in Chromium: tests/e2e/remote-stall.spec.ts.)
import { describe, expect, it } from 'vitest';
import type { RemoteReadStatus } from '../../src/lib/model/api.ts';
import { HttpReads, type HttpControl, type HttpReadEvent } from '../../src/engine/db/duckdb-http.ts';

const URL_A = 'http://data.example:8080/big.duckdb';
const event = (
  stage: HttpReadEvent['perftrackHttp']['stage'],
  bytes = 0,
  reason?: 'stalled' | 'cancelled',
): HttpReadEvent => ({ perftrackHttp: { url: URL_A, stage, bytes, reason } });

function setup() {
  const sent: HttpControl[] = [];
  const statuses: (RemoteReadStatus | null)[] = [];
  const reads = new HttpReads((m) => sent.push(m), 15_000);
  reads.onStatus = (s) => statuses.push(s);
  return { reads, sent, statuses };
}

describe('DuckDB HTTP reads', () => {
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

  it('a query that failed on a read with no answer reports the host and the wait, and DuckDB is told to resume', async () => {
    const { reads, sent } = setup();
    const failing = reads.run(async () => {
      reads.receive(event('start'));
      reads.receive(event('stalled'));
      reads.receive(event('refused', 0, 'stalled'));
      throw new Error(
        'IO Error: Range request for http://data.example:8080/big.duckdb failed with error: Error: perftrack: no answer',
      );
    });
    await expect(failing).rejects.toThrow(
      'data.example:8080 did not answer for 15 s while DuckDB was reading http://data.example:8080/big.duckdb; the query was stopped. Data already open stays loaded.',
    );
    expect(sent).toEqual([{ perftrackHttpControl: 'resume' }]);
    // The next query starts afresh.
    await expect(reads.run(async () => 1)).resolves.toBe(1);
  });

  it('after Cancel, reads are refused until the cancelled work ends; the failure says cancelled', async () => {
    const { reads, sent } = setup();
    reads.cancel();
    const failing = reads.run(async () => {
      reads.receive(event('refused', 0, 'cancelled'));
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
