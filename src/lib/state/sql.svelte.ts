// The SQL console: the query typed, and its result or error.
import type { QueryResult } from '../model/api.ts';
import type { EngineClient } from '../worker-client.ts';
import type { EngineStore } from './engine.svelte.ts';

export class SqlStore {
  text = $state(
    'SELECT metric, count(*) AS rows, count(DISTINCT series_id) AS series\nFROM measurements\nGROUP BY metric\nORDER BY metric',
  );
  result = $state.raw<QueryResult | null>(null);
  error = $state<{ text: string; hint: string } | null>(null);
  running = $state(false);

  constructor(
    private readonly client: EngineClient,
    private readonly engine: Pick<EngineStore, 'whenReady'>,
  ) {}

  async run(): Promise<void> {
    await this.engine.whenReady;
    this.running = true;
    this.error = null;
    try {
      this.result = await this.client.call((r) => r.runSql(this.text, 1000));
    } catch (error) {
      this.result = null;
      this.error = { text: (error as Error).message, hint: (error as { hint?: string }).hint ?? '' };
    } finally {
      this.running = false;
    }
  }
}
