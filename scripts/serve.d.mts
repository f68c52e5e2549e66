import type { Server } from 'node:http';

export interface ServedRequest {
  method: string | undefined;
  path: string;
  status: number;
  bytes: number;
  range: string | null;
}

/** The Cache-Control header the server sends for a URL path. */
export function cacheControl(pathname: string): string;

export function createStaticServer(options: {
  root: string;
  range?: boolean;
  cors?: boolean;
  log?: ((entry: ServedRequest) => void) | null;
  /** false: every file `no-cache` (revalidated with its ETag), hashed assets too. */
  immutable?: boolean;
}): Server;
