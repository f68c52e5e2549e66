// Every benchmark-tool output format, recognised by content. Order matters: the first importer whose
// detect() accepts a file parses it.
import type { ArtifactImporter, ArtifactInput, ParsedRun } from '../records.ts';
import { asvImporter } from './asv.ts';
import { bencherImporter } from './bencher.ts';
import { benchmarkDotNetImporter } from './benchmarkdotnet.ts';
import { catch2Importer } from './catch2.ts';
import { criterionImporter } from './criterion.ts';
import { githubActionBenchmarkImporter } from './github-action-benchmark.ts';
import { goBenchImporter } from './go-bench.ts';
import { googleBenchmarkImporter } from './google-benchmark.ts';
import { hyperfineImporter } from './hyperfine.ts';
import { ipfsModelFileImporter, ipfsRunnerImporter } from './ipfs-accelerate.ts';
import { jmhImporter } from './jmh.ts';
import { perftrackRecordImporter } from './perftrack-record.ts';
import { pytestBenchmarkImporter } from './pytest-benchmark.ts';
import { vitestBenchImporter } from './vitest-bench.ts';

/**
 * Each detector checks for its format's own top-level keys, so no two of them accept the same file;
 * the order only settles what is left: specific shapes first, text formats after JSON ones, and the
 * generic Bencher Metric Format ({ name: { measure: { value } } }) last.
 */
export const artifactImporters: ArtifactImporter[] = [
  perftrackRecordImporter,
  ipfsRunnerImporter,
  ipfsModelFileImporter,
  pytestBenchmarkImporter,
  googleBenchmarkImporter,
  hyperfineImporter,
  benchmarkDotNetImporter,
  jmhImporter,
  asvImporter,
  criterionImporter,
  vitestBenchImporter,
  githubActionBenchmarkImporter,
  catch2Importer,
  goBenchImporter,
  bencherImporter,
];

export function findImporter(input: ArtifactInput): ArtifactImporter | null {
  for (const importer of artifactImporters) {
    try {
      if (importer.detect(input)) return importer;
    } catch {
      // A detector must never break the import of a file another importer may read.
    }
  }
  return null;
}

/** Parse a file with the importer that recognises it; null when no format matches. */
export function parseArtifact(input: ArtifactInput): ParsedRun | null {
  const importer = findImporter(input);
  return importer ? importer.parse(input) : null;
}
