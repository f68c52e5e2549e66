// A link's sources on another origin wait for consent (remembered per origin); a download that hangs can be
// cancelled and what was loaded stays.
import http from 'node:http';
import { expect, test } from './fixtures.ts';

const PORT = Number(process.env.E2E_PORT ?? 4173) + 10_000;
const FOREIGN = `http://127.0.0.1:${PORT}`;
const HOST = `127.0.0.1:${PORT}`;
const log: string[] = [];
let server: http.Server;
const hanging = new Set<http.ServerResponse>();

/** About 20 MB: DuckDB takes seconds to import it, time to press Cancel. */
let big: Buffer | null = null;
function bigCsv(): Buffer {
  if (!big) {
    const lines = ['ts,bench,machine,latency_ms'];
    for (let i = 0; i < 500_000; i++)
      lines.push(`2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z,bench-${i % 50},m-${i % 7},${(i % 97) + 0.5}`);
    big = Buffer.from(lines.join('\n') + '\n');
  }
  return big;
}

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Range');
    if (req.method === 'OPTIONS') return void res.end();
    if (req.url === '/slow.csv') return void hanging.add(res); // answers nothing
    if (req.url === '/big.csv') return void res.writeHead(200, { 'Content-Type': 'text/csv' }).end(bigCsv());
    const rows = [
      'ts,bench,latency_ms',
      ...Array.from(
        { length: 20 },
        (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00Z,parse,${10 + (i % 3)}`,
      ),
    ];
    res.setHeader('Content-Type', 'text/csv');
    res.end(rows.join('\n') + '\n');
  });
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
});
test.afterAll(() => {
  for (const res of hanging) res.destroy();
  server.close();
});

test.use({ allowedOrigins: [FOREIGN] });

test('a link to data on another origin asks first, shows the host, and remembers the answer', async ({ page }) => {
  log.length = 0;
  await page.goto(`./?source=${encodeURIComponent(`${FOREIGN}/nightly.csv`)}`);
  await expect(page.getByTestId('link-consent')).toContainText(`This link asks to open data from ${HOST}`);
  await expect(page.getByTestId('link-consent')).toContainText(`${FOREIGN}/nightly.csv`);
  await expect(page.locator('[data-engine="ready"]')).toBeVisible({ timeout: 30_000 });
  expect(log, 'nothing fetched before consent').toEqual([]);

  await page.getByRole('button', { name: `Open data from ${HOST}` }).click();
  await expect(page.getByTestId('source')).toContainText('nightly.csv', { timeout: 30_000 });
  expect(log.length).toBeGreaterThan(0);

  // The answer is kept for this origin: the same link opens at once next time.
  await page.reload();
  await expect(page.getByTestId('source')).toContainText('nightly.csv', { timeout: 30_000 });
  await expect(page.getByTestId('link-consent')).toHaveCount(0);
});

test('declining opens nothing and says so; a typed URL on that origin still opens', async ({ page }) => {
  log.length = 0;
  await page.goto(`./?source=${encodeURIComponent(`${FOREIGN}/nightly.csv`)}`);
  await page.getByRole('button', { name: "Don't open" }).click();
  await expect(page.getByTestId('message-info')).toContainText(`Not opened (you declined data from ${HOST})`);
  await expect(page.locator('[data-engine="ready"]')).toBeVisible({ timeout: 30_000 });
  expect(log).toEqual([]);
  await page.getByLabel('URL of a benchmark file').fill(`${FOREIGN}/nightly.csv`);
  await page.getByRole('button', { name: 'Open URL' }).click();
  await expect(page.getByTestId('source')).toContainText('nightly.csv', { timeout: 30_000 });
});

test('a download that hangs shows its progress and a Cancel; cancelling keeps the data already open', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb', { timeout: 30_000 });
  await page.getByLabel('URL of a benchmark file').fill(`${FOREIGN}/slow.csv`);
  await page.getByRole('button', { name: 'Open URL' }).click();
  await expect(page.getByTestId('busy')).toContainText(`Opening ${FOREIGN}/slow.csv`);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('message-error')).toContainText(`Cancelled: ${FOREIGN}/slow.csv was not opened`);
  await expect(page.getByTestId('busy')).toHaveCount(0);
  await expect(page.getByTestId('source')).toHaveCount(1);
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb');
});

test('the SQL console reads the opened sources and nothing else: a URL is refused and its server receives nothing', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb', { timeout: 30_000 });
  await page.getByRole('tab', { name: 'SQL' }).click();
  log.length = 0;
  for (const sql of [`SELECT * FROM read_csv('${FOREIGN}/nightly.csv')`, `SELECT * FROM '${FOREIGN}/nightly.csv'`]) {
    await page.getByLabel('SQL query').fill(sql);
    await page.getByRole('button', { name: 'Run' }).click();
    await expect(page.getByTestId('sql-error')).toContainText(
      `The SQL console reads only the opened sources; it cannot read "${FOREIGN}/nightly.csv"`,
    );
  }
  // The opened database is still there to query.
  await page.getByLabel('SQL query').fill('SELECT count(*) AS n FROM src_1.performance_results');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('sql-result')).toBeVisible();
  await expect(page.getByTestId('sql-error')).toHaveCount(0);
  expect(log).toEqual([]);
});

test('Cancel during the import of a big file: the import is not kept, the data already open stays', async ({
  page,
}) => {
  // DuckDB finishes the import it started (it cannot be interrupted) before the result is dropped: slow on 2 busy cores.
  test.setTimeout(150_000);
  await page.goto('./');
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb', { timeout: 30_000 });
  await page.getByLabel('URL of a benchmark file').fill(`${FOREIGN}/big.csv`);
  await page.getByRole('button', { name: 'Open URL' }).click();
  await expect(page.getByTestId('busy')).toContainText('Importing big.csv', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('message-error')).toContainText(`Cancelled: ${FOREIGN}/big.csv was not opened`, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('busy')).toHaveCount(0);
  await expect(page.getByTestId('source')).toHaveCount(1);
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb');
});
