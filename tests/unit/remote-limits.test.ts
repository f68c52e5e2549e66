// Remote downloads against real loopback servers that stall: a clear error after the stall limit, and Cancel
// stops a download at once.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRemote } from '../../src/engine/remote.ts';
import { cancelImports, importSignal } from '../../src/engine/cancel.ts';

let server: http.Server;
let origin = '';
const open = new Set<http.ServerResponse>();
/** 200 KB that the page reads with range requests (bytes 0–255 repeating). */
const RANGED = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 256));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    if (req.url === '/silent.csv') return; // never answers
    if (req.url === '/ranged.bin') {
      const range = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
      if (!range) return void res.writeHead(200, { 'Content-Length': RANGED.length }).end(RANGED);
      const [start, end] = [Number(range[1]), Math.min(Number(range[2]), RANGED.length - 1)];
      res.writeHead(206, {
        'Content-Range': `bytes ${start}-${end}/${RANGED.length}`,
        'Content-Length': end - start + 1,
      });
      return void res.end(RANGED.subarray(start, end + 1));
    }
    if (req.url === '/trickle.csv') {
      // Headers and a first piece, then nothing.
      res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': '1000000' });
      res.write('ts,value\n');
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

describe('remote downloads', () => {
  it('a server that never answers is given up on with a message naming the stall', async () => {
    await expect(openRemote(`${origin}/silent.csv`, () => {}, undefined, { stallMs: 400 })).rejects.toThrow(
      /silent\.csv sent nothing for 400 ms; the download was stopped/,
    );
  });

  it('a body that stops arriving is given up on too', async () => {
    const progress: number[] = [];
    await expect(
      openRemote(`${origin}/trickle.csv`, (p) => progress.push(p.bytes ?? 0), undefined, { stallMs: 400 }),
    ).rejects.toThrow(/trickle\.csv sent nothing/);
    expect(progress.at(-1)).toBe('ts,value\n'.length);
  });

  it('Cancel stops a download under way; the next download is not affected', async () => {
    const signal = importSignal();
    const opening = openRemote(`${origin}/silent.csv`, () => {}, undefined, { stallMs: 60_000 });
    setTimeout(cancelImports, 100);
    await expect(opening).rejects.toThrow(/^Cancelled: .*silent\.csv was not opened/);
    expect(signal.aborted).toBe(true);
    const file = await openRemote(`${origin}/ok.csv`, () => {});
    expect(new TextDecoder().decode(await file.readAll(() => {}))).toBe('ts,value\n2026-01-01,1\n');
  });

  it('a file opened before a Cancel still reads the ranges later views need', async () => {
    const file = await openRemote(`${origin}/ranged.bin`, () => {});
    expect(file.rangeRequests).toBe(true);
    cancelImports();
    const bytes = await file.read(150_000, 150_010);
    expect([...bytes]).toEqual([...RANGED.subarray(150_000, 150_010)]);
  });
});
