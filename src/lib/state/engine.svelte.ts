// DuckDB starting in the worker: its progress and version, its remote reads, and `whenReady` for work that needs it.
import type { RemoteReadStatus } from '../model/api.ts';
import type { EngineClient } from '../worker-client.ts';

export class EngineStore {
  ready = $state(false);
  progress = $state(0);
  version = $state('');
  /** DuckDB reading a remote file during a query (shown with bytes read and a Cancel). */
  remoteRead = $state<RemoteReadStatus | null>(null);
  /** Resolves once DuckDB runs. */
  readonly whenReady: Promise<void>;
  private markReady!: () => void;

  constructor(private readonly client: EngineClient) {
    this.whenReady = new Promise((resolve) => (this.markReady = resolve));
  }

  /** Ask the worker to start DuckDB; the answer says whether a preview was replaced, or failed to be. */
  init() {
    return this.client.call((r) =>
      r.init(
        this.client.progress<number>((f) => (this.progress = f)),
        this.client.progress<RemoteReadStatus | null>((status) => (this.remoteRead = status)),
      ),
    );
  }

  started(version: string): void {
    this.version = version;
    this.ready = true;
    performance.mark('perftrack:engine-ready');
    this.markReady();
  }
}
