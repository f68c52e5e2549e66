import type { Server } from 'node:http';

export interface ServedRequest {
  method: string | undefined;
  path: string;
  status: number;
  bytes: number;
  range: string | null;
}

export function createStaticServer(options: {
  root: string;
  range?: boolean;
  cors?: boolean;
  log?: ((entry: ServedRequest) => void) | null;
}): Server;
