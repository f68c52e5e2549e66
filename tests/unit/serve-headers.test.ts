// The static server's caching headers, over a real HTTP server on loopback: Vite's content-hashed assets are
// immutable for a year (a repeat visit takes them, and Chromium's compiled wasm, from the cache without a request);
// index.html and every other file are revalidated (ETag / Last-Modified → 304); precompressed siblings carry their
// own validator; If-Range guards ranges of a changed file.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheControl, createStaticServer, type ServedRequest } from '../../scripts/serve.mjs';

const YEAR = 'public, max-age=31536000, immutable';
let root: string;
let origin: string;
let close: () => void;
const log: ServedRequest[] = [];
// Incompressible bytes, so the precompressed sibling differs in size from the file.
const wasm = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-serve-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.mkdirSync(path.join(root, 'demo'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  fs.writeFileSync(path.join(root, 'assets/duckdb-eh-9ubY-jlA.wasm'), wasm);
  fs.writeFileSync(path.join(root, 'assets/duckdb-eh-9ubY-jlA.wasm.br'), zlib.brotliCompressSync(wasm));
  fs.writeFileSync(path.join(root, 'assets/index-Cd9K3cY9.js'), 'export {};\n');
  fs.writeFileSync(path.join(root, 'assets/notes.txt'), 'not hashed\n');
  fs.writeFileSync(path.join(root, 'demo/benchmark.duckdb'), 'x'.repeat(1000));
  const server = createStaticServer({ root, log: (entry) => log.push(entry) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => {
  close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('cacheControl', () => {
  it('gives a year to Vite-hashed asset names only', () => {
    expect(cacheControl('/assets/duckdb-eh-9ubY-jlA.wasm')).toBe(YEAR);
    expect(cacheControl('/assets/duckdb-browser-eh.worker-hQa-dcAV.js')).toBe(YEAR);
    expect(cacheControl('/perftrack/assets/worker-CBmcDj1i.js')).toBe(YEAR);
    expect(cacheControl('/')).toBe('no-cache');
    expect(cacheControl('/index.html')).toBe('no-cache');
    expect(cacheControl('/assets/notes.txt')).toBe('no-cache');
    expect(cacheControl('/assets/a-short.js')).toBe('no-cache');
    expect(cacheControl('/demo/benchmark.duckdb')).toBe('no-cache');
    expect(cacheControl('/data/assets-Cd9K3cY9.js')).toBe('no-cache');
  });
});

describe('the static server', () => {
  it('sends the wasm immutable, as application/wasm, precompressed when asked', async () => {
    const raw = await fetch(`${origin}/assets/duckdb-eh-9ubY-jlA.wasm`, { headers: { 'accept-encoding': 'identity' } });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('cache-control')).toBe(YEAR);
    expect(raw.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await raw.arrayBuffer())).toEqual(wasm);
    const br = await fetch(`${origin}/assets/duckdb-eh-9ubY-jlA.wasm`, { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('cache-control')).toBe(YEAR);
    expect(new Uint8Array(await br.arrayBuffer())).toEqual(wasm);
    // Each representation has its own validator.
    expect(br.headers.get('etag')).not.toBe(raw.headers.get('etag'));
  });

  it('keeps index.html and other files no-cache, and answers their revalidation with 304', async () => {
    for (const url of ['/', '/index.html', '/demo/benchmark.duckdb', '/assets/notes.txt']) {
      const first = await fetch(origin + url);
      expect(first.headers.get('cache-control'), url).toBe('no-cache');
      const etag = first.headers.get('etag');
      const modified = first.headers.get('last-modified');
      expect(etag, url).toMatch(/^".+"$/);
      expect(Date.parse(modified ?? '')).not.toBeNaN();
      await first.arrayBuffer();
      log.length = 0;
      const again = await fetch(origin + url, { headers: { 'if-none-match': etag! } });
      expect(again.status, url).toBe(304);
      expect((await again.arrayBuffer()).byteLength).toBe(0);
      expect(log).toEqual([expect.objectContaining({ status: 304, bytes: 0 })]);
      const since = await fetch(origin + url, { headers: { 'if-modified-since': modified! } });
      expect(since.status, url).toBe(304);
      const stale = await fetch(origin + url, { headers: { 'if-none-match': '"other"' } });
      expect(stale.status, url).toBe(200);
      await stale.arrayBuffer();
    }
  });

  it('serves a range only while If-Range still names the file', async () => {
    const url = `${origin}/demo/benchmark.duckdb`;
    const { headers } = await fetch(url, { method: 'HEAD' });
    const etag = headers.get('etag')!;
    const part = await fetch(url, { headers: { range: 'bytes=10-19', 'if-range': etag } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(10);
    const changed = await fetch(url, { headers: { range: 'bytes=10-19', 'if-range': '"older"' } });
    expect(changed.status).toBe(200);
    expect((await changed.arrayBuffer()).byteLength).toBe(1000);
  });

  it('revalidates hashed assets too when told the host cannot send long-lived headers', async () => {
    const server = createStaticServer({ root, immutable: false });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const response = await fetch(`http://127.0.0.1:${port}/assets/duckdb-eh-9ubY-jlA.wasm`);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      await response.arrayBuffer();
    } finally {
      server.close();
    }
  });
});
