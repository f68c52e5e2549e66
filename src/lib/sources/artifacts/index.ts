// Every benchmark-tool output format, recognised by content. Order matters: the first importer whose
// detect() accepts a file parses it.
import type { ArtifactImporter, ArtifactInput, ParsedRun } from '../records.ts';
import { ipfsModelFileImporter, ipfsRunnerImporter } from './ipfs-accelerate.ts';

export const artifactImporters: ArtifactImporter[] = [ipfsRunnerImporter, ipfsModelFileImporter];

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
