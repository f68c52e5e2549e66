// Every JSON format recognised by content. Order matters: the first importer whose detect() accepts wins.
import { ipfsModelFileImporter, ipfsRunnerImporter } from './ipfs-runner.ts';
import type { JsonImporter } from './records.ts';

export const jsonImporters: JsonImporter[] = [ipfsRunnerImporter, ipfsModelFileImporter];

export function findJsonImporter(doc: unknown): JsonImporter | null {
  return jsonImporters.find((importer) => importer.detect(doc)) ?? null;
}
