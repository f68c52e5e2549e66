// Notifications from the built page in real Chromium, to real local HTTP servers started here: a webhook
// receiver that verifies the HMAC signature, a fake GitHub API, a Slack-like endpoint without CORS, and
// failing receivers. Settings and "already notified" marks must survive a reload (IndexedDB).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { fakeGitHub, webhookReceiver, type FakeGitHub, type WebhookReceiver } from '../unit/notify/servers.ts';

const SECRET = 'e2e-hmac-shared-secret-91c4';
const TOKEN = 'ghp_e2etoken0123456789abcdefghijkl';
const SECRET_PATH = 'hooks/t0p-secret-path-5f2e';
const URL_PATH = 'services/T000/B000/p4thS3cret9d1e';
const URL_TOKEN = 't0kenS3cret77aa';

let signed: WebhookReceiver;
let flaky: WebhookReceiver;
let rejecting: WebhookReceiver;
let gh: FakeGitHub;
let slack: { origin: string; bodies: { contentType: string; body: string }[]; server: http.Server };
let deadOrigin: string;

/** A Slack-like endpoint: accepts a form-encoded `payload`, answers "ok", sends no CORS headers at all. */
async function slackLike(): Promise<typeof slack> {
  const bodies: { contentType: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'OPTIONS') return res.writeHead(405).end();
      bodies.push({
        contentType: String(req.headers['content-type'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

test.beforeAll(async () => {
  signed = await webhookReceiver({ secret: SECRET, cors: true });
  flaky = await webhookReceiver({ cors: true });
  rejecting = await webhookReceiver({ cors: true });
  gh = await fakeGitHub({ repo: 'acme/bench', token: TOKEN });
  slack = await slackLike();
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  deadOrigin = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

test.afterAll(async () => {
  await Promise.all([signed.close(), flaky.close(), rejecting.close(), gh.close()]);
  slack.server.closeAllConnections();
  await new Promise<void>((resolve) => slack.server.close(() => resolve()));
});

/** Only the page's origin and this test's servers may be reached; anything else fails the test. */
async function allowLocalServers(context: BrowserContext, baseURL: string): Promise<string[]> {
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  const leaked: string[] = [];
  const allowed = new Set([
    new URL(baseURL).origin,
    signed.origin,
    flaky.origin,
    rejecting.origin,
    gh.origin,
    slack.origin,
    deadOrigin,
  ]);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || allowed.has(new URL(url).origin)) return route.fallback();
    leaked.push(url);
    return route.abort('blockedbyclient');
  });
  return leaked;
}

/** Open the demo, wait for its regressions, go to the Notifications tab. Returns how many are on screen. */
async function openNotifications(page: Page): Promise<void> {
  await page.goto('./');
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb', { timeout: 30_000 });
  await page.getByRole('tab', { name: 'Notifications' }).click();
  await expect(page.getByText(/[1-9]\d* regressions? on screen/)).toBeVisible({ timeout: 30_000 });
}

function channel(page: Page, name: string): Locator {
  return page.getByRole('group', { name, exact: true });
}

async function addChannel(page: Page, label: string): Promise<void> {
  await page.getByLabel('Channel type').selectOption({ label });
  await page.getByRole('button', { name: 'Add channel' }).click();
}

/** Type into a field and commit it (Enter commits, as leaving the field does). */
async function enter(field: Locator, value: string): Promise<void> {
  await field.fill(value);
  await field.press('Enter');
}

async function fastRetries(page: Page, retries: number): Promise<void> {
  await enter(page.getByLabel('Retries'), String(retries));
  await enter(page.getByLabel('First retry delay (ms)'), '50');
}

/** Everything the page's notification store holds in IndexedDB, as one text. */
function storedNotify(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('perftrack-notify');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('state').objectStore('state').getAll();
          read.onsuccess = () => resolve(JSON.stringify(read.result));
        };
      }),
  );
}

function rows(page: Page, channelId: string): Locator {
  return page.locator(`[data-testid="delivery"][data-channel="${channelId}"]`);
}

async function pendingOf(group: Locator): Promise<number> {
  const text = await group.getByText(/regressions? to send/).textContent();
  return Number(/(\d+)/.exec(text ?? '')![1]);
}

test.describe('notifications', () => {
  test.use({ allowedOrigins: [] });
  // Each test reloads the page once: two DuckDB start-ups and analyses.
  test.describe.configure({ timeout: 120_000 });

  test('signed webhook: test message, send now, masked secrets, deduplication across a reload, clean export', async ({
    page,
    context,
    baseURL,
  }) => {
    const leaked = await allowLocalServers(context, baseURL!);
    await openNotifications(page);
    await addChannel(page, 'Generic webhook (JSON)');
    const hook = channel(page, 'Generic webhook (JSON)');
    await enter(hook.getByLabel('Webhook URL'), `${signed.origin}/${SECRET_PATH}`);
    await enter(hook.getByLabel('HMAC secret'), SECRET);
    // Entered secrets are shown masked only, and are nowhere in the page.
    await expect(hook.getByTestId('masked-url')).toHaveText(`${signed.origin}/…/t0p-•••`);
    await expect(hook.getByTestId('masked-secret')).toHaveText('e2e-•••');
    expect(await page.content()).not.toContain(SECRET);
    expect(await page.content()).not.toContain('t0p-secret-path');

    await hook.getByRole('button', { name: 'Send test notification' }).click();
    await expect(rows(page, 'webhook').first()).toHaveAttribute('data-status', 'sent');
    expect(signed.verified).toHaveLength(1);
    expect(signed.verified[0]).toMatchObject({ schema: 'perftrack.regressions', version: 1, event: 'test' });

    const pending = await pendingOf(hook);
    expect(pending).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect(page.getByTestId('notify-status')).toContainText('Send now:');
    await expect(rows(page, 'webhook').and(page.locator('[data-status="sent"]'))).toHaveCount(pending + 1);
    expect(signed.verified).toHaveLength(2);
    const payload = signed.verified[1] as {
      event: string;
      summary: { count: number };
      regressions: {
        fingerprint: string;
        severity: string;
        change_pct: number;
        first_bad: { commit: string };
        link: string;
      }[];
    };
    expect(payload.event).toBe('regressions');
    expect(payload.summary.count).toBe(pending);
    expect(payload.regressions[0].first_bad.commit).toMatch(/^[0-9a-f]{7,}/);
    expect(payload.regressions[0].link).toContain('metric=');
    // The built-in log channel got the same regressions.
    await expect(rows(page, 'log')).toHaveCount(pending);

    // After a reload: settings are back (masked), nothing is sent twice.
    await page.reload();
    await expect(page.getByTestId('source')).toContainText('benchmark.duckdb', { timeout: 30_000 });
    await page.getByRole('tab', { name: 'Notifications' }).click();
    await expect(page.getByText(/[1-9]\d* regressions? on screen/)).toBeVisible({ timeout: 30_000 });
    await expect(channel(page, 'Generic webhook (JSON)').getByTestId('masked-url')).toHaveText(
      `${signed.origin}/…/t0p-•••`,
    );
    await expect(channel(page, 'Generic webhook (JSON)').getByText('0 regressions to send')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send now' })).toBeDisabled();
    await expect(rows(page, 'webhook')).toHaveCount(pending + 1);
    expect(signed.hits).toHaveLength(2);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export log (JSON)' }).click(),
    ]);
    const exported = fs.readFileSync((await download.path())!, 'utf8');
    const log = JSON.parse(exported) as {
      notifications: { notification_type: string; notification_status: string; notification_target: string }[];
    };
    expect(log.notifications.filter((n) => n.notification_type === 'webhook')).toHaveLength(pending + 1);
    expect(log.notifications[0].notification_target).toMatch(/…/);
    expect(exported).not.toContain(SECRET);
    expect(exported).not.toContain('t0p-secret-path');
    expect(leaked).toEqual([]);
  });

  test('GitHub issues: opened once, commented on after a reload instead of duplicated', async ({
    page,
    context,
    baseURL,
  }) => {
    const leaked = await allowLocalServers(context, baseURL!);
    await openNotifications(page);
    await page.getByLabel('Minimum severity').selectOption('high');
    await addChannel(page, 'GitHub issue');
    const github = channel(page, 'GitHub issue');
    await enter(github.getByLabel('Repository'), 'acme/bench');
    await enter(github.getByLabel('Token'), TOKEN);
    await enter(github.getByLabel('API base URL'), gh.api);
    await expect(github.getByLabel('Labels')).toHaveValue('regression, performance');
    await expect(github.getByTestId('masked-token')).toHaveText('ghp_•••');

    await github.getByRole('button', { name: 'Send test notification' }).click();
    await expect(rows(page, 'github_issue').first()).toHaveAttribute('data-status', 'sent');
    await expect(rows(page, 'github_issue').first()).toContainText('acme/bench reachable');
    expect(gh.issues).toHaveLength(0);

    const pending = await pendingOf(github);
    expect(pending).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect(rows(page, 'github_issue').and(page.locator('[data-status="sent"]'))).toHaveCount(pending + 1);
    expect(gh.issues).toHaveLength(pending);
    expect(gh.issues[0].labels).toEqual(['regression', 'performance']);
    expect(gh.issues[0].body).toMatch(/^<!-- perftrack:fingerprint=[0-9a-f]+ -->/);
    await expect(rows(page, 'github_issue').first()).toContainText(`opened #`);

    await page.reload();
    await expect(page.getByTestId('source')).toContainText('benchmark.duckdb', { timeout: 30_000 });
    await page.getByRole('tab', { name: 'Notifications' }).click();
    await expect(page.getByText(/[1-9]\d* regressions? on screen/)).toBeVisible({ timeout: 30_000 });
    await expect(channel(page, 'GitHub issue').getByText('0 regressions to send')).toBeVisible();
    // Forget the local marks (as a fresh browser would have none): GitHub itself still has the issues.
    await page.getByRole('button', { name: 'Forget sent notifications' }).click();
    await expect(channel(page, 'GitHub issue').getByText(`${pending} regression`)).toBeVisible();
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect(page.getByTestId('notify-status')).toContainText('Send now:');
    await expect(rows(page, 'github_issue').filter({ hasText: 'commented on #' })).toHaveCount(pending);
    expect(gh.issues).toHaveLength(pending);
    expect(gh.issues.every((i) => i.comments.length === 1)).toBe(true);
    expect(gh.hits.some((h) => h.path.includes('/issues?state=open&labels=regression%2Cperformance'))).toBe(true);
    expect(await page.content()).not.toContain(TOKEN);
    expect(leaked).toEqual([]);
  });

  test('failures: a 500 is retried once, a 400 fails with its error, an unreachable host fails after retries; Slack is sent unconfirmed', async ({
    page,
    context,
    baseURL,
  }) => {
    const leaked = await allowLocalServers(context, baseURL!);
    await openNotifications(page);
    await fastRetries(page, 2);
    for (let i = 0; i < 3; i++) await addChannel(page, 'Generic webhook (JSON)');
    await addChannel(page, 'Slack (incoming webhook)');
    await enter(channel(page, 'Generic webhook (JSON)').getByLabel('Webhook URL'), `${flaky.origin}/flaky`);
    await enter(
      channel(page, 'Generic webhook (JSON) (webhook-2)').getByLabel('Webhook URL'),
      `${rejecting.origin}/reject`,
    );
    await enter(
      channel(page, 'Generic webhook (JSON) (webhook-3)').getByLabel('Webhook URL'),
      `${deadOrigin}/nobody-home`,
    );
    await enter(
      channel(page, 'Slack (incoming webhook)').getByLabel('Webhook URL'),
      `${slack.origin}/services/T000/B000/slacksecretpart`,
    );

    flaky.plan.push(500);
    rejecting.plan.push(400);
    await channel(page, 'Generic webhook (JSON)').getByRole('button', { name: 'Send test notification' }).click();
    await expect(rows(page, 'webhook').first()).toHaveAttribute('data-status', 'sent');
    await expect(rows(page, 'webhook').first().locator('td').nth(5)).toHaveText('1');
    expect(flaky.hits).toHaveLength(2);

    await channel(page, 'Generic webhook (JSON) (webhook-2)')
      .getByRole('button', { name: 'Send test notification' })
      .click();
    const rejected = rows(page, 'webhook-2').first();
    await expect(rejected).toHaveAttribute('data-status', 'failed');
    await expect(rejected).toContainText('HTTP 400 Bad Request: rejected: bad request');
    await expect(rejected.locator('td').nth(5)).toHaveText('0');
    expect(rejecting.hits).toHaveLength(1);

    await channel(page, 'Generic webhook (JSON) (webhook-3)')
      .getByRole('button', { name: 'Send test notification' })
      .click();
    const dead = rows(page, 'webhook-3').first();
    await expect(dead).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
    await expect(dead).toContainText('network error');
    await expect(dead.locator('td').nth(5)).toHaveText('2');

    // Slack's endpoint answers no CORS preflight: a simple form post goes out, its answer stays hidden.
    await channel(page, 'Slack (incoming webhook)').getByRole('button', { name: 'Send test notification' }).click();
    const slackRow = rows(page, 'slack').first();
    await expect(slackRow).toHaveAttribute('data-status', 'sent');
    await expect(slackRow).toContainText('sent (unconfirmed)');
    await expect.poll(() => slack.bodies.length).toBe(1);
    expect(slack.bodies[0].contentType).toBe('application/x-www-form-urlencoded');
    const message = JSON.parse(new URLSearchParams(slack.bodies[0].body).get('payload')!) as {
      text: string;
      blocks: unknown[];
    };
    expect(message.text).toBe('perftrack test notification');
    await expect(slackRow.locator('.target')).toHaveText(`${slack.origin}/…/slac•••`);
    expect(leaked).toEqual([]);
  });

  test('secrets kept for the session only are not in IndexedDB; an echoed secret path is masked in the log', async ({
    page,
    context,
    baseURL,
  }) => {
    const leaked = await allowLocalServers(context, baseURL!);
    await openNotifications(page);
    await expect(page.getByTestId('secret-storage')).toContainText('IndexedDB, in clear text');
    await page.getByLabel('Keep them for this tab only').check();
    await addChannel(page, 'Generic webhook (JSON)');
    const hook = channel(page, 'Generic webhook (JSON)');
    await enter(hook.getByLabel('Webhook URL'), `${rejecting.origin}/${SECRET_PATH}`);
    await enter(hook.getByLabel('HMAC secret'), SECRET);
    const stored = () => storedNotify(page);
    await expect.poll(stored).toContain('"secret":"(kept for the tab it was entered in)"');
    expect(await stored()).not.toContain(SECRET);
    expect(await stored()).not.toContain(SECRET_PATH);

    // An Express-style receiver echoes the secret path: the log shows it masked.
    rejecting.plan.push(404);
    await hook.getByRole('button', { name: 'Send test notification' }).click();
    const row = rows(page, 'webhook').first();
    await expect(row).toHaveAttribute('data-status', 'failed');
    await expect(row).toContainText('HTTP 404');
    await expect(row).toContainText('Cannot POST /hoo•••');
    expect(await page.content()).not.toContain('t0p-secret-path');

    // A reload in the same tab keeps the secret (sessionStorage); a new tab has none, and IndexedDB never had it.
    await page.reload();
    await page.getByRole('tab', { name: 'Notifications' }).click();
    await expect(channel(page, 'Generic webhook (JSON)').getByTestId('masked-secret')).toHaveText('e2e-•••');
    const other = await context.newPage();
    await other.goto('./');
    await other.getByRole('tab', { name: 'Notifications' }).click();
    const elsewhere = channel(other, 'Generic webhook (JSON)');
    await expect(elsewhere.getByLabel('HMAC secret')).toBeVisible({ timeout: 30_000 });
    await expect(elsewhere.getByTestId('masked-secret')).toHaveCount(0);
    await expect(elsewhere.getByText('HMAC secret: kept in the tab it was entered in — enter it again')).toBeVisible();
    expect(await stored()).not.toContain(SECRET);
    expect(await stored()).not.toContain('t0p-secret-path');
    await other.close();
    expect(leaked).toEqual([]);
  });

  test("kept for the tab only, a generic webhook's URL is not in IndexedDB, and a new tab asks for it again", async ({
    page,
    context,
    baseURL,
  }) => {
    const leaked = await allowLocalServers(context, baseURL!);
    await openNotifications(page);
    await page.getByLabel('Keep them for this tab only').check();
    await addChannel(page, 'Generic webhook (JSON)');
    const hook = channel(page, 'Generic webhook (JSON)');
    await enter(hook.getByLabel('Webhook URL'), `${flaky.origin}/${URL_PATH}?token=${URL_TOKEN}`);
    await expect(hook.getByTestId('masked-url')).toHaveText(`${flaky.origin}/…/p4th•••?…`);
    await hook.getByRole('button', { name: 'Send test notification' }).click();
    await expect(rows(page, 'webhook').first()).toHaveAttribute('data-status', 'sent');
    expect(flaky.hits.at(-1)!.path).toBe(`/${URL_PATH}?token=${URL_TOKEN}`);

    const stored = () => storedNotify(page);
    await expect.poll(stored).toContain('"url":"(kept for the tab it was entered in)"');
    for (const trace of [URL_PATH, 'p4thS3cret9d1e', URL_TOKEN]) expect(await stored()).not.toContain(trace);

    // A new tab (its own session, the same IndexedDB) has no URL: it asks for it and sends nothing.
    const other = await context.newPage();
    await other.goto('./');
    await other.getByRole('tab', { name: 'Notifications' }).click();
    const elsewhere = channel(other, 'Generic webhook (JSON)');
    await expect(elsewhere.getByLabel('Webhook URL')).toBeVisible({ timeout: 30_000 });
    await expect(elsewhere.getByTestId('masked-url')).toHaveCount(0);
    await expect(elsewhere.getByRole('listitem')).toHaveText(
      'Webhook URL: kept in the tab it was entered in — enter it again',
    );
    await expect(elsewhere.getByRole('button', { name: 'Send test notification' })).toBeDisabled();
    await other.close();

    // A reload of the tab it was entered in still has it.
    await page.reload();
    await page.getByRole('tab', { name: 'Notifications' }).click();
    await expect(channel(page, 'Generic webhook (JSON)').getByTestId('masked-url')).toHaveText(
      `${flaky.origin}/…/p4th•••?…`,
      { timeout: 30_000 },
    );
    for (const trace of [URL_PATH, URL_TOKEN]) expect(await stored()).not.toContain(trace);
    expect(leaked).toEqual([]);
  });
});
