// Remote downloads against real loopback servers that stall or trickle: a clear error naming the rule that fired
// (nothing for the stall limit, or too few bytes in a window), an honest slow server still completes, and Cancel
// stops a download at once.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openRemote, type DownloadLimits } from '../../src/engine/remote.ts';
import { cancelImports, importSignal } from '../../src/engine/cancel.ts';

let server: http.Server;
let origin = '';
const open = new Set<http.ServerResponse>();
/** 200 KB that the page reads with range requests (bytes 0–255 repeating). */
const RANGED = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 256));

/** Headers and `first` bytes at once, then one byte every 500 ms for as long as the client listens. */
function drip(res: http.ServerResponse, first: number, status = 200, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'Content-Length': '1000000', ...headers });
  res.write(Buffer.alloc(first, 0x31));
  const timer = setInterval(() => res.write('1'), 500);
  res.on('close', () => clearInterval(timer));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const range = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
    if (req.url === '/silent.csv') return; // never answers
    if (req.url === '/ranged.bin' || (req.url === '/ranged-drip.bin' && range?.[1] === '0')) {
      if (!range) return void res.writeHead(200, { 'Content-Length': RANGED.length }).end(RANGED);
      const [start, end] = [Number(range[1]), Math.min(Number(range[2]), RANGED.length - 1)];
      res.writeHead(206, {
        'Content-Range': `bytes ${start}-${end}/${RANGED.length}`,
        'Content-Length': end - start + 1,
      });
      return void res.end(RANGED.subarray(start, end + 1));
    }
    // The probe of the file above is answered; every other range trickles.
    if (req.url === '/ranged-drip.bin' && range)
      return drip(res, 0, 206, { 'Content-Range': `bytes ${range[1]}-${range[2]}/${RANGED.length}` });
    if (req.url === '/stopped.csv') {
      // Headers and a first piece, then nothing.
      res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': '1000000' });
      res.write('ts,value\n');
      return;
    }
    if (req.url === '/drip.csv') return drip(res, 0);
    if (req.url === '/burst-then-drip.csv') return drip(res, 100_000);
    if (req.url === '/slow-honest.bin') {
      // 40 KB in 1 KB pieces every 100 ms: about 10 KB/s, for 4 s.
      res.writeHead(200, { 'Content-Length': 40 * 1024 });
      let sent = 0;
      const timer = setInterval(() => {
        res.write(Buffer.alloc(1024, 0x32));
        if (++sent === 40) (clearInterval(timer), res.end());
      }, 100);
      res.on('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/csv' });
    res.end('ts,value\n2026-01-01,1\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  for (const res of open) res.destroy();
  server.close();
});

/** Short limits: nothing for 2 s, or under 1 KiB/s over any 2 s (2 KiB per window). */
const SHORT: Partial<DownloadLimits> = { stallMs: 2000, windowMs: 2000, minRate: 1024 };

describe('remote downloads', () => {
  afterEach(() => {
    delete (globalThis as { perftrackDownloadLimits?: unknown }).perftrackDownloadLimits;
  });

  it('a server that never answers is given up on with a message naming the stall', async () => {
    await expect(openRemote(`${origin}/silent.csv`, () => {}, undefined, { stallMs: 400 })).rejects.toThrow(
      /silent\.csv sent nothing for 400 ms; the download was stopped/,
    );
  });

  it('a body that stops arriving is given up on too', async () => {
    const progress: number[] = [];
    await expect(
      openRemote(`${origin}/stopped.csv`, (p) => progress.push(p.bytes ?? 0), undefined, { stallMs: 400 }),
    ).rejects.toThrow(/stopped\.csv sent nothing/);
    expect(progress.at(-1)).toBe('ts,value\n'.length);
  });

  it('a server that trickles one byte every 500 ms is stopped by the minimum rate, and the message says so', async () => {
    const progress: number[] = [];
    const opening = openRemote(`${origin}/drip.csv`, (p) => progress.push(p.bytes ?? 0), undefined, SHORT);
    await expect(opening).rejects.toThrow(
      /drip\.csv sent only \d B in the last 2 s, below the 1 KiB\/s a download must keep up; the download was stopped\./,
    );
    await expect(opening).rejects.toMatchObject({ hint: expect.stringMatching(/2 KiB every 2 s.*drop it here/) });
    // It was not silent: the stall limit alone would have waited for ever.
    expect(progress.at(-1)).toBeGreaterThan(0);
  }, 10_000);

  it('a server that sends fast and then trickles is stopped one window after it slows down', async () => {
    const progress: number[] = [];
    const opening = openRemote(`${origin}/burst-then-drip.csv`, (p) => progress.push(p.bytes ?? 0), undefined, {
      ...SHORT,
      minRate: 10_000,
    });
    // 100 KB at once would keep an average since the start above 10 KB/s for 10 s: the window looks at the last 2 s.
    await expect(opening).rejects.toThrow(
      /burst-then-drip\.csv sent only \d B in the last 2 s, below the 9\.766 KiB\/s/,
    );
    expect(progress.at(-1)).toBeGreaterThan(100_000);
  }, 10_000);

  it('a range read that trickles is stopped the same way; the file stays readable where it was answered', async () => {
    const file = await openRemote(`${origin}/ranged-drip.bin`, () => {}, undefined, SHORT);
    expect(file.rangeRequests).toBe(true);
    await expect(file.read(100_000, 150_000)).rejects.toThrow(
      /ranged-drip\.bin sent only \d B in the last 2 s, below the 1 KiB\/s/,
    );
    expect([...(await file.read(10, 20))]).toEqual([...RANGED.subarray(10, 20)]);
  }, 10_000);

  it('a slow but steady server completes, over several windows', async () => {
    const file = await openRemote(`${origin}/slow-honest.bin`, () => {}, undefined, {
      stallMs: 1000,
      windowMs: 1000,
      minRate: 4096,
    });
    expect(file.size).toBe(40 * 1024);
  }, 10_000);

  it('limits set on the global scope (how the browser tests shorten them) apply to downloads started after', async () => {
    (globalThis as { perftrackDownloadLimits?: Partial<DownloadLimits> }).perftrackDownloadLimits = SHORT;
    await expect(openRemote(`${origin}/drip.csv`, () => {})).rejects.toThrow(
      /drip\.csv sent only \d B in the last 2 s/,
    );
  }, 10_000);

  it('Cancel stops a download under way; the next download is not affected', async () => {
    const signal = importSignal();
    const opening = openRemote(`${origin}/silent.csv`, () => {}, undefined, { stallMs: 60_000 });
    setTimeout(cancelImports, 100);
    await expect(opening).rejects.toThrow(/^Cancelled: .*silent\.csv was not opened/);
    expect(signal.aborted).toBe(true);
    const file = await openRemote(`${origin}/ok.csv`, () => {});
    expect(new TextDecoder().decode(await file.readAll(() => {}))).toBe('ts,value\n2026-01-01,1\n');
  });

  it('Cancel stops a trickling download too', async () => {
    const opening = openRemote(`${origin}/drip.csv`, () => {}, undefined, { stallMs: 60_000, windowMs: 60_000 });
    setTimeout(cancelImports, 700);
    await expect(opening).rejects.toThrow(/^Cancelled: .*drip\.csv was not opened/);
  });

  it('a file opened before a Cancel still reads the ranges later views need', async () => {
    const file = await openRemote(`${origin}/ranged.bin`, () => {});
    expect(file.rangeRequests).toBe(true);
    cancelImports();
    const bytes = await file.read(150_000, 150_010);
    expect([...bytes]).toEqual([...RANGED.subarray(150_000, 150_010)]);
  });
});
