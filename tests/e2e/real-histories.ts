// Other projects' histories for the browser tests, and opening them in an empty page: the engine ready, the files
// given to the file input, and the Overview's summary shown.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { REAL } from '../real-files.ts';
import { expect } from './fixtures.ts';

/** tokio's github-action-benchmark history (data.js). */
export const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
const ASV = path.join(REAL, 'asv_django/results');

/** Every file of django's asv results folder. */
export function asvFiles(): string[] {
  return fs
    .readdirSync(ASV, { recursive: true })
    .map((f) => path.join(ASV, String(f)))
    .filter((f) => fs.statSync(f).isFile());
}

/** Open the files in an empty page and wait for the Overview's summary of them. */
export async function openReal(page: Page, files: string | string[]): Promise<void> {
  await page.goto('./?empty');
  await expect(page.locator('[data-engine="ready"]')).toHaveCount(1, { timeout: 30_000 });
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('source').first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 120_000 });
}
