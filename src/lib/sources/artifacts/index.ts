// Every benchmark-tool output format, recognised by content. Order matters: the first importer whose
// detect() accepts a file parses it.
import type { ArtifactImporter, ArtifactInput, ParsedRun } from '../records.ts';
import { asvImporter } from './asv.ts';
import { bencherImporter } from './bencher.ts';
import { benchmarkDotNetImporter } from './benchmarkdotnet.ts';
import { benchmarkJsImporter } from './benchmarkjs.ts';
import { catch2Importer } from './catch2.ts';
import { catch2ConsoleImporter } from './catch2-console.ts';
import { criterionImporter } from './criterion.ts';
import { criterionTextImporter } from './criterion-text.ts';
import { githubActionBenchmarkImporter } from './github-action-benchmark.ts';
import { githubActionBenchmarkCustomImporter } from './github-action-benchmark-custom.ts';
import { goBenchImporter } from './go-bench.ts';
import { googleBenchmarkImporter } from './google-benchmark.ts';
import { hyperfineImporter } from './hyperfine.ts';
import { ipfsModelFileImporter, ipfsRunnerImporter } from './ipfs-accelerate.ts';
import { jmhImporter } from './jmh.ts';
import { juliaBenchmarkToolsImporter } from './julia-benchmarktools.ts';
import { libtestImporter } from './libtest.ts';
import { luauImporter } from './luau.ts';
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
  juliaBenchmarkToolsImporter,
  asvImporter,
  criterionImporter,
  vitestBenchImporter,
  githubActionBenchmarkImporter,
  githubActionBenchmarkCustomImporter,
  catch2Importer,
  goBenchImporter,
  libtestImporter,
  criterionTextImporter,
  catch2ConsoleImporter,
  benchmarkJsImporter,
  luauImporter,
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
