// Shared by the notification tests: sample regressions, golden files, small local HTTP servers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Regression } from '../../../src/lib/analysis/types.ts';
import { expectGolden as expectGoldenFile } from '../helpers/golden.ts';

/** Compare with tests/fixtures/golden/notify/NAME (a missing golden fails; UPDATE_GOLDEN=1 writes it). */
export function expectGolden(name: string, content: string): void {
  expectGoldenFile(`notify/${name}`, content);
}

export const NOW = Date.UTC(2025, 5, 2, 9, 30, 0);
export const VIEW = 'https://perf.example.org/perftrack/?source=https%3A%2F%2Fdata.example.org%2Fbench.duckdb';

function regression(
  over: Partial<Regression> & Pick<Regression, 'fingerprint' | 'metric' | 'changePct' | 'severity'>,
): Regression {
  return {
    method: 'changepoint',
    seriesKey: 'model=bert-base|hardware=cuda|batch_size=8',
    series: { model: 'bert-base', hardware: 'cuda', batch_size: '8' },
    label: 'bert-base · cuda · batch 8',
    unit: 'ms',
    direction: 'lower',
    before: 10,
    after: 12,
    pValue: 0.00012,
    samplesTest: null,
    noisePct: 1.8,
    nBefore: 12,
    nAfter: 5,
    firstBad: {
      ts: Date.UTC(2025, 4, 28, 3, 0),
      value: 12.1,
      commit: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
      versionTag: 'v1.4.0',
      runGroup: 'nightly-0528',
      resultId: 4711,
    },
    lastGood: {
      ts: Date.UTC(2025, 4, 27, 3, 0),
      value: 10.05,
      commit: '1234567890abcdef1234567890abcdef12345678',
      versionTag: 'v1.3.9',
      runGroup: 'nightly-0527',
      resultId: 4702,
    },
    status: 'active',
    explanation: 'Level shifted from 10 ms to 12 ms (+20.0%) at 2025-05-28 03:00, 11× the noise; p = 1.2e-4.',
    ...over,
  };
}

export const SAMPLES: Regression[] = [
  regression({ fingerprint: 'aaaa1111bbbb2222', metric: 'latency', changePct: 20, severity: 'high' }),
  regression({
    fingerprint: 'cccc3333dddd4444',
    metric: 'throughput',
    unit: 'items/s',
    direction: 'higher',
    changePct: -31.5,
    severity: 'critical',
    before: 200,
    after: 137,
    seriesKey: 'model=vit-base|hardware=cpu|batch_size=1',
    series: { model: 'vit-base', hardware: 'cpu', batch_size: '1' },
    label: 'vit-base · cpu · batch 1 <fast|path> & *more*',
    explanation: 'Throughput fell from 200 to 137 items/s (−31.5%).',
  }),
  regression({
    fingerprint: 'eeee5555ffff6666',
    metric: 'memory',
    unit: 'MB',
    changePct: 6.2,
    severity: 'medium',
    before: 1024,
    after: 1087.5,
    status: 'recovered',
    pValue: null,
    firstBad: {
      ts: Date.UTC(2025, 4, 30, 3, 0),
      value: 1090,
      commit: null,
      versionTag: null,
      runGroup: null,
      resultId: null,
    },
    lastGood: null,
  }),
];

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TestServer {
  origin: string;
  requests: Received[];
  close(): Promise<void>;
}

/** A local HTTP server; `handle` answers each request (after its body is read). */
export async function startServer(
  handle: (req: Received, res: http.ServerResponse, index: number) => void,
): Promise<TestServer> {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      handle(received, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (bound, then released). */
export async function unusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
