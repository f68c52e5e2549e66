// What the browser benchmarks share: headless Chromium with the flags that keep its own traffic off the loopback
// measurements, a folder served on a loopback port, the median, and the load average printed beside the figures.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { createStaticServer } from './serve.mjs';

/** No sandbox (it needs privileges a container lacks), no GPU, and none of Chromium's own network traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium at CHROMIUM_PATH (else /usr/bin/chromium) with CHROMIUM_ARGS and any `extraArgs`: the options of
 *  a launch, a persistent context's launch and playwright.config.ts's. */
export function chromiumLaunchOptions(extraArgs: string[] = []): { executablePath: string; args: string[] } {
  return { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] };
}

/** That Chromium, headless. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions(extraArgs));
}

export interface Served {
  /** http://127.0.0.1:PORT */
  origin: string;
  close: () => void;
}

/** scripts/serve.mjs's static server on a free loopback port. */
export async function serveStatic(options: Parameters<typeof createStaticServer>[0]): Promise<Served> {
  const server = createStaticServer(options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** A link's sources on other origins wait for the user's consent; this gives it beforehand for `origins`, as a user
 *  who once answered "remember my choice" would have, so that a timing can start at navigation. */
export async function allowLinkOrigins(context: BrowserContext, appOrigin: string, origins: string[]): Promise<void> {
  const tab = await context.newPage();
  await tab.goto(`${appOrigin}/?empty`);
  await tab.evaluate(
    (allowed) =>
      new Promise<void>((resolve, reject) => {
        // idb-keyval's default store, as the page's persist.ts uses it.
        const open = indexedDB.open('keyval-store');
        open.onupgradeneeded = () => open.result.createObjectStore('keyval');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('keyval', 'readwrite');
          tx.objectStore('keyval').put(Object.fromEntries(allowed.map((o) => [o, 'allow'])), 'perftrack:link-hosts');
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    origins,
  );
  await tab.close();
}

/** Throws unless `dist` holds a build (its index.html). */
export function requireBuild(dist: string): void {
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`no build in ${dist}/: build it first`);
}

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The 1, 5 and 15 minute load averages, as /proc/loadavg gives them. */
export const loadAverage = (): string => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
