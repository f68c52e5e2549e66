// Fetching a remote file: one probing range request tells whether the server supports ranges;
// failures become messages that say what to do (404, CORS, unreachable, empty). A server that sends nothing for
// `stallMs` is given up on, and the page's Cancel (cancel.ts) aborts every request under way.
import { SourceError } from '../lib/sources/errors.ts';
import type { ByteSource } from './parquet.ts';
import type { ProgressFn } from '../lib/model/api.ts';
import { ImportCancelled, importSignal } from './cancel.ts';

/** Seconds without a byte (or without an answer) after which a download stops with an error. */
export const STALL_MS = 15_000;

export interface FetchLimits {
  stallMs: number;
  signal: AbortSignal;
}

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

/** Open a remote file with one probing request: its first 64 KB, or — for a Parquet footer — its last
 *  `tailBytes` (a suffix range). The response says whether the server honours ranges and how big the file is. */
export async function openRemote(
  url: string,
  onProgress: ProgressFn,
  tailBytes?: number,
  given: Partial<FetchLimits> = {},
): Promise<RemoteFile> {
  // Each request listens to the Cancel current when it starts: a file opened before a Cancel (a published
  // history's partition) still reads the parts later views need.
  const current = (): FetchLimits => ({ stallMs: given.stallMs ?? STALL_MS, signal: given.signal ?? importSignal() });
  const limits = current();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SourceError(`"${url}" is not a URL.`, 'Paste a full address starting with https:// or http://.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new SourceError(`Only http and https URLs can be opened (got ${parsed.protocol}).`);

  let received = 0;
  const response = await request(
    url,
    { Range: tailBytes ? `bytes=-${tailBytes}` : `bytes=0-${PROBE_BYTES - 1}` },
    limits,
  );
  let whole: Uint8Array | null = null;
  /** The bytes the probe brought, and where in the file they start. */
  let probe: Uint8Array;
  let probeStart = 0;
  let size: number | null = null;
  const rangeRequests = response.status === 206;
  if (rangeRequests) {
    probe = await readBody(response, () => {}, limits);
    received += probe.length;
    const range = /(\d+)-(\d+)\/(\d+)\s*$/.exec(response.headers.get('Content-Range') ?? '');
    size = range ? Number(range[3]) : await headSize(url, limits);
    if (size === null && probe.length < PROBE_BYTES && !tailBytes) size = probe.length;
    probeStart = range ? Number(range[1]) : tailBytes && size !== null ? size - probe.length : 0;
  } else {
    whole = await readBody(response, onProgress, limits);
    received += whole.length;
    probe = whole;
    size = whole.length;
  }
  if (size === 0 || probe.length === 0) throw new SourceError(`${url} is empty (the server sent 0 bytes).`);

  const read = async (start: number, end: number): Promise<Uint8Array> => {
    if (whole) return whole.subarray(start, end);
    if (start >= probeStart && end <= probeStart + probe.length)
      return probe.subarray(start - probeStart, end - probeStart);
    const now = current();
    const part = await request(url, { Range: `bytes=${start}-${end - 1}` }, now);
    const bytes = await readBody(part, () => {}, now);
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
      if (size !== null && probeStart === 0 && probe.length >= size) return probe.subarray(0, size);
      const now = current();
      const full = await request(url, {}, now);
      whole = await readBody(full, progress, now);
      received += whole.length;
      return whole;
    },
    source: () => ({ size: size ?? 0, read }),
  };
}

/** A small text file (JSON) in one plain request, so hosts can send it compressed. */
export async function fetchText(url: string, given: Partial<FetchLimits> = {}): Promise<string> {
  const limits: FetchLimits = { stallMs: given.stallMs ?? STALL_MS, signal: given.signal ?? importSignal() };
  const response = await request(url, {}, limits);
  return new TextDecoder().decode(await readBody(response, () => {}, limits));
}

/** Aborts a request when the import is cancelled or when nothing arrives for `stallMs`; `kick` on every chunk. */
function watchdog(url: string, limits: FetchLimits) {
  const stalled = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const kick = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stalled.abort(), limits.stallMs);
  };
  kick();
  return {
    signal: AbortSignal.any([limits.signal, stalled.signal]),
    kick,
    stop: () => clearTimeout(timer),
    /** The error to report when a fetch or read failed: cancelled, stalled, or null (another failure). */
    reason(): SourceError | null {
      if (limits.signal.aborted) return new ImportCancelled(url);
      if (stalled.signal.aborted) {
        return new SourceError(
          `${url} sent nothing for ${limits.stallMs >= 1000 ? `${Math.round(limits.stallMs / 1000)} s` : `${limits.stallMs} ms`}; the download was stopped.`,
          'The server may be overloaded or the connection lost. Try again later, or download the file and drop it here.',
        );
      }
      return null;
    },
  };
}

async function request(url: string, headers: Record<string, string>, limits: FetchLimits): Promise<Response> {
  let response: Response;
  const guard = watchdog(url, limits);
  try {
    response = await fetch(url, { headers, cache: 'no-store', signal: guard.signal });
  } catch (error) {
    throw guard.reason() ?? (await networkFailure(url, error, limits));
  } finally {
    guard.stop();
  }
  if (response.status === 404 || response.status === 410) {
    throw new SourceError(
      `${url} was not found (HTTP ${response.status}).`,
      'Check the address; the file may have moved or been deleted.',
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new SourceError(
      `${url} refused access (HTTP ${response.status}).`,
      'The file is private. Make it public, or download it and drop it here.',
    );
  }
  if (!response.ok)
    throw new SourceError(
      `${url} answered HTTP ${response.status} ${response.statusText}.`,
      'Try again later, or download the file and drop it here.',
    );
  return response;
}

async function networkFailure(url: string, error: unknown, limits: FetchLimits): Promise<SourceError> {
  // A no-cors request succeeds (opaque) when the server is up but does not allow cross-origin reads.
  let reachable = false;
  if (typeof window !== 'undefined' || typeof WorkerGlobalScope !== 'undefined') {
    try {
      await fetch(url, {
        mode: 'no-cors',
        cache: 'no-store',
        signal: AbortSignal.any([limits.signal, AbortSignal.timeout(limits.stallMs)]),
      });
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
  return new SourceError(
    `${url} could not be reached (${reason}).`,
    'Check the address and your connection; if the server is up, it may be refusing cross-origin requests (CORS).',
  );
}

async function headSize(url: string, limits: FetchLimits): Promise<number | null> {
  const guard = watchdog(url, limits);
  try {
    const response = await fetch(url, { method: 'HEAD', cache: 'no-store', signal: guard.signal });
    const length = response.headers.get('Content-Length');
    return length ? Number(length) : null;
  } catch {
    if (limits.signal.aborted) throw new ImportCancelled(url);
    return null;
  } finally {
    guard.stop();
  }
}

/** The body, with progress; stops with a clear error when nothing arrives for `stallMs` or on Cancel. */
async function readBody(response: Response, onProgress: ProgressFn, limits: FetchLimits): Promise<Uint8Array> {
  const total = Number(response.headers.get('Content-Length') ?? 0) || null;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const guard = watchdog(response.url, limits);
  const abandon = () => void reader.cancel().catch(() => undefined);
  guard.signal.addEventListener('abort', abandon);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (guard.signal.aborted) throw guard.reason();
      if (done) break;
      guard.kick();
      chunks.push(value);
      loaded += value.length;
      onProgress({ stage: 'Downloading', fraction: total ? loaded / total : null, bytes: loaded });
    }
  } catch (error) {
    throw guard.reason() ?? error;
  } finally {
    guard.stop();
    guard.signal.removeEventListener('abort', abandon);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) (bytes.set(chunk, offset), (offset += chunk.length));
  return bytes;
}

declare const WorkerGlobalScope: unknown;
