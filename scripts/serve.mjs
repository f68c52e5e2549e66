#!/usr/bin/env node
// A small static server for the built app and for tests: Range requests, correct MIME types,
// precompressed .br/.gz files, optional CORS, and an optional per-request log for byte counting.
// Caching as docs/publishing.md asks of a static host: Vite's content-hashed assets (assets/NAME-HASH.EXT) are
// immutable for a year, so a repeat visit takes them, and Chromium's compiled code for the DuckDB wasm, from its
// cache without asking; everything else (index.html, the demo, data files) is revalidated on every use (ETag,
// Last-Modified, 304).
//   node scripts/serve.mjs [dir] [--port 5173] [--host 127.0.0.1] [--no-range] [--cors] [--log file.jsonl]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.parquet': 'application/vnd.apache.parquet',
  '.duckdb': 'application/octet-stream',
  '.db': 'application/octet-stream',
  '.map': 'application/json',
};

/** Vite's output names: `assets/` + name + `-` + an 8-character content hash (base64url) + extension. */
const HASHED_ASSET = /(^|\/)assets\/[^/]+-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$/;

/** The Cache-Control header for a URL path: a year and immutable for hashed assets, else revalidate each time. */
export function cacheControl(pathname) {
  return HASHED_ASSET.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** `immutable: false` revalidates every file, hashed or not (as a host that cannot send long-lived headers does). */
export function createStaticServer({ root, range = true, cors = false, log = null, immutable = true }) {
  const rootDir = path.resolve(root);
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let file = path.join(rootDir, decodeURIComponent(url.pathname));
    if (!file.startsWith(rootDir)) return send(res, 403, 'forbidden');
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (cors) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Headers', 'Range');
      res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Content-Length, Accept-Ranges');
      if (req.method === 'OPTIONS') return send(res, 204, '');
    }
    if (!fs.existsSync(file)) return send(res, 404, 'not found');
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const rangeHeader = range ? req.headers.range : undefined;
    // Whole-file responses may use a precompressed sibling; ranges always address the raw bytes.
    let body = file;
    if (!rangeHeader) {
      if (/\bbr\b/.test(accepts) && fs.existsSync(file + '.br'))
        ((body = file + '.br'), res.setHeader('Content-Encoding', 'br'));
      else if (/\bgzip\b/.test(accepts) && fs.existsSync(file + '.gz'))
        ((body = file + '.gz'), res.setHeader('Content-Encoding', 'gzip'));
    }
    const stat = fs.statSync(body);
    const size = stat.size;
    // One validator per representation: the precompressed siblings differ from the raw bytes.
    const etag = `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}${body === file ? '' : path.extname(body)}"`;
    const modified = new Date(Math.floor(stat.mtimeMs / 1000) * 1000);
    res.setHeader('Content-Type', type);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', immutable ? cacheControl(url.pathname) : 'no-cache');
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', modified.toUTCString());
    if (range) res.setHeader('Accept-Ranges', 'bytes');
    if (notModified(req, etag, modified)) {
      res.writeHead(304);
      if (log) log({ method: req.method, path: url.pathname, status: 304, bytes: 0, range: rangeHeader ?? null });
      return res.end();
    }
    let start = 0;
    let end = size - 1;
    let status = 200;
    // A range of a changed file is not sent to a client that holds the old one (If-Range): the whole file is.
    const ifRange = req.headers['if-range'];
    const rangeValid = ifRange === undefined || ifRange === etag || ifRange === modified.toUTCString();
    const match = rangeValid && rangeHeader && /^bytes=(\d*)-(\d*)$/.exec(rangeHeader);
    if (match) {
      if (match[1] === '') ((start = Math.max(0, size - Number(match[2]))), (end = size - 1));
      else ((start = Number(match[1])), (end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)));
      if (start >= size || start > end) {
        res.setHeader('Content-Range', `bytes */${size}`);
        return send(res, 416, '');
      }
      status = 206;
      res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    }
    const length = end - start + 1;
    res.setHeader('Content-Length', length);
    res.writeHead(status);
    if (log)
      log({
        method: req.method,
        path: url.pathname,
        status,
        bytes: req.method === 'HEAD' ? 0 : length,
        range: rangeHeader ?? null,
      });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(body, { start, end }).pipe(res);
  });
}

/** A conditional GET or HEAD the client's copy answers (If-None-Match wins over If-Modified-Since). */
function notModified(req, etag, modified) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const match = req.headers['if-none-match'];
  if (match !== undefined)
    return match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
  const since = Date.parse(String(req.headers['if-modified-since'] ?? ''));
  return Number.isFinite(since) && modified.getTime() <= since;
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i === -1 ? fallback : args[i + 1];
  };
  const root =
    args.find((a, i) => !a.startsWith('--') && !['--port', '--host', '--log'].includes(args[i - 1])) ?? 'dist';
  const port = Number(option('--port', process.env.PORT ?? 5173));
  const host = option('--host', '127.0.0.1');
  const logFile = option('--log', null);
  const log = logFile ? (entry) => fs.appendFileSync(logFile, JSON.stringify(entry) + '\n') : null;
  createStaticServer({ root, range: !args.includes('--no-range'), cors: args.includes('--cors'), log }).listen(
    port,
    host,
    () => {
      console.log(`perftrack: serving ${path.resolve(root)} at http://${host}:${port}/`);
    },
  );
}
