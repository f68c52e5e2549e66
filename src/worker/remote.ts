// Fetching a remote file: one probing range request tells whether the server supports ranges;
// failures become messages that say what to do (404, CORS, unreachable, empty).
import { SourceError } from '../lib/sources/errors.ts';
import type { ByteSource } from './parquet.ts';
import type { ProgressFn } from './engine.ts';

export interface RemoteFile {
  url: string;
  size: number | null;
  rangeRequests: boolean;
  /** Bytes received so far, over every request made through this object. */
  bytesRead(): number;
  read(start: number, end: number): Promise<Uint8Array>;
  readAll(onProgress: ProgressFn): Promise<Uint8Array>;
  source(): ByteSource;
}

const PROBE_BYTES = 65536;

export async function openRemote(url: string, onProgress: ProgressFn): Promise<RemoteFile> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SourceError(`"${url}" is not a URL.`, 'Paste a full address starting with https:// or http://.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new SourceError(`Only http and https URLs can be opened (got ${parsed.protocol}).`);

  let received = 0;
  const response = await request(url, { Range: `bytes=0-${PROBE_BYTES - 1}` });
  let whole: Uint8Array | null = null;
  let probe: Uint8Array;
  let size: number | null = null;
  const rangeRequests = response.status === 206;
  if (rangeRequests) {
    probe = new Uint8Array(await response.arrayBuffer());
    received += probe.length;
    const total = /\/(\d+)\s*$/.exec(response.headers.get('Content-Range') ?? '')?.[1];
    size = total ? Number(total) : await headSize(url);
    if (size === null && probe.length < PROBE_BYTES) size = probe.length;
  } else {
    whole = await readBody(response, onProgress);
    received += whole.length;
    probe = whole;
    size = whole.length;
  }
  if (size === 0 || probe.length === 0) throw new SourceError(`${url} is empty (the server sent 0 bytes).`);

  const read = async (start: number, end: number): Promise<Uint8Array> => {
    if (whole) return whole.subarray(start, end);
    if (end <= probe.length) return probe.subarray(start, end);
    const part = await request(url, { Range: `bytes=${start}-${end - 1}` });
    const bytes = new Uint8Array(await part.arrayBuffer());
    received += bytes.length;
    return part.status === 206 ? bytes : bytes.subarray(start, end);
  };
  return {
    url,
    size,
    rangeRequests,
    bytesRead: () => received,
    read,
    async readAll(progress) {
      if (whole) return whole;
      if (size !== null && probe.length >= size) return probe.subarray(0, size);
      const full = await request(url, {});
      whole = await readBody(full, progress);
      received += whole.length;
      return whole;
    },
    source: () => ({ size: size ?? 0, read }),
  };
}

async function request(url: string, headers: Record<string, string>): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers, cache: 'no-store' });
  } catch (error) {
    throw await networkFailure(url, error);
  }
  if (response.status === 404 || response.status === 410) {
    throw new SourceError(`${url} was not found (HTTP ${response.status}).`, 'Check the address; the file may have moved or been deleted.');
  }
  if (response.status === 401 || response.status === 403) {
    throw new SourceError(`${url} refused access (HTTP ${response.status}).`, 'The file is private. Make it public, or download it and drop it here.');
  }
  if (!response.ok) throw new SourceError(`${url} answered HTTP ${response.status} ${response.statusText}.`, 'Try again later, or download the file and drop it here.');
  return response;
}

async function networkFailure(url: string, error: unknown): Promise<SourceError> {
  // A no-cors request succeeds (opaque) when the server is up but does not allow cross-origin reads.
  let reachable = false;
  if (typeof window !== 'undefined' || typeof WorkerGlobalScope !== 'undefined') {
    try {
      await fetch(url, { mode: 'no-cors', cache: 'no-store' });
      reachable = true;
    } catch {
      reachable = false;
    }
  }
  if (reachable) {
    return new SourceError(
      `${url} is online but does not allow this page to read it (no CORS header).`,
      'Ask the host to send "Access-Control-Allow-Origin" (and to allow the Range header), host the file next to this page, or download it and drop it here.',
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new SourceError(`${url} could not be reached (${reason}).`, 'Check the address and your connection; if the server is up, it may be refusing cross-origin requests (CORS).');
}

async function headSize(url: string): Promise<number | null> {
  try {
    const response = await fetch(url, { method: 'HEAD', cache: 'no-store' });
    const length = response.headers.get('Content-Length');
    return length ? Number(length) : null;
  } catch {
    return null;
  }
}

async function readBody(response: Response, onProgress: ProgressFn): Promise<Uint8Array> {
  const total = Number(response.headers.get('Content-Length') ?? 0) || null;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress({ stage: 'Downloading', fraction: total ? loaded / total : null, bytes: loaded });
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) bytes.set(chunk, offset), (offset += chunk.length);
  return bytes;
}

declare const WorkerGlobalScope: unknown;
