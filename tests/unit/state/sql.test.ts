// SqlStore against a real engine: a query waits for DuckDB, then shows its rows, or its error with the hint.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { SqlStore } from '../../../src/lib/state/sql.svelte.ts';
import { newEngine } from '../helpers/engine.ts';
import { PLAIN_CSV, csvFile, fakeClient } from './fake-client.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
  const file = csvFile('plain.csv', PLAIN_CSV);
  await engine.openFiles([{ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }]);
});

describe('the SQL console', () => {
  it('waits for DuckDB, then runs the query typed and shows its rows', async () => {
    const client = fakeClient(engine);
    let ready!: () => void;
    const store = new SqlStore(client, { whenReady: new Promise<void>((resolve) => (ready = resolve)) });
    store.text = 'SELECT count(*) AS n FROM measurements';
    const running = store.run();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.calls).toEqual([]);
    expect(store.running).toBe(false);
    ready();
    await running;
    expect(client.calls).toEqual(['runSql']);
    expect(store.running).toBe(false);
    expect(store.error).toBeNull();
    expect(store.result?.columns.map((c) => c.name)).toEqual(['n']);
    expect(store.result?.rows).toEqual([[6]]);
  });

  it('starts with a query over the measurements that runs as it is', async () => {
    const store = new SqlStore(fakeClient(engine), { whenReady: Promise.resolve() });
    await store.run();
    expect(store.error).toBeNull();
    expect(store.result?.columns.map((c) => c.name)).toEqual(['metric', 'rows', 'series']);
    expect(store.result?.rows).toEqual([['value', 6, 2]]);
  });

  it("shows a failed query's message and hint, and drops the previous result", async () => {
    const store = new SqlStore(fakeClient(engine), { whenReady: Promise.resolve() });
    await store.run();
    store.text = 'DELETE FROM measurements';
    await store.run();
    expect(store.result).toBeNull();
    expect(store.error).toEqual({
      text: 'The SQL console is read-only: DELETE statements are not run here.',
      hint: expect.stringMatching(/^Use SELECT/),
    });
    expect(store.running).toBe(false);
    const rows = await engine.runReadOnlySql('SELECT count(*) FROM measurements');
    expect(rows.rows).toEqual([[6]]);
  });
});
