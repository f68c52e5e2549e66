// Golden files: output compared byte for byte with a file under tests/fixtures/golden. A missing golden fails (a
// deleted golden must not pass silently); UPDATE_GOLDEN=1 writes them after an intended change, for review by eye.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { FIXTURES } from './engine.ts';

export const GOLDEN = path.join(FIXTURES, 'golden');

/** `name` is relative to tests/fixtures/golden (e.g. 'report.md', 'notify/slack.json'). */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  if (!fs.existsSync(file))
    throw new Error(
      `golden file ${path.relative(process.cwd(), file)} is missing: run with UPDATE_GOLDEN=1 to write it, then review it`,
    );
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}
