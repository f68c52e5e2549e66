// Other projects' real files for the tests, from the repository alone (tests/fixtures/real; see its README). Plain
// folders are used as they are; the large sets are packed as .tar.gz and unpacked once per content into a temporary
// folder, so `REAL` and `DATA` keep the data sets' own folder layout (README: where each comes from).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/real');
const PLAIN = ['harness_outputs', 'otava'];
const PACKED = { real: ['asv_django.tar.gz', 'github_action_benchmark.tar.gz'], data: ['ipfs_accelerate.tar.gz'] };

function unpacked(): string {
  const hash = createHash('sha256').update(FIXTURES);
  for (const file of [...PACKED.real, ...PACKED.data]) hash.update(fs.readFileSync(path.join(FIXTURES, file)));
  const root = path.join(os.tmpdir(), `perftrack-real-${hash.digest('hex').slice(0, 12)}`);
  if (fs.existsSync(path.join(root, 'complete'))) return root;
  // Unpack beside the final folder and rename it into place: test workers may get here at the same time.
  const work = fs.mkdtempSync(`${root}-`);
  for (const [folder, files] of Object.entries(PACKED)) {
    fs.mkdirSync(path.join(work, folder));
    for (const file of files) execFileSync('tar', ['-xzf', path.join(FIXTURES, file), '-C', path.join(work, folder)]);
  }
  for (const folder of PLAIN) fs.symlinkSync(path.join(FIXTURES, folder), path.join(work, 'real', folder));
  fs.writeFileSync(path.join(work, 'complete'), '');
  try {
    fs.renameSync(work, root);
  } catch {
    fs.rmSync(work, { recursive: true, force: true }); // another worker was first
  }
  return root;
}

const ROOT = unpacked();
/** Other projects' files: asv_django/, github_action_benchmark/, harness_outputs/, otava/. */
export const REAL = path.join(ROOT, 'real');
/** The original project's files: ipfs_accelerate/. */
export const DATA = path.join(ROOT, 'data');
