// Errors a user can act on: what went wrong, and what to do about it.

export class SourceError extends Error {
  constructor(
    message: string,
    readonly hint = '',
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/** Turn a low-level failure (DuckDB, fetch, parser) into a message that names the file and a next step. */
export function explainFailure(sourceName: string, error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const text = raw.split('\n')[0].slice(0, 400);
  if (
    /not a valid DuckDB database file|database file .* is corrupt|Corrupt database|checksum|Could not read enough bytes|INTERNAL Error|out of bounds|unreachable/i.test(
      raw,
    )
  ) {
    return new SourceError(
      `${sourceName} could not be read: the file looks damaged or truncated (${text}).`,
      'Download or copy the file again; if it was being written when copied, let the writer finish and checkpoint first.',
    );
  }
  if (/extension|Extension/i.test(raw)) {
    return new SourceError(
      `${sourceName} needs a DuckDB extension that this page does not download (${text}).`,
      'The page works offline with core DuckDB only. Export the data as CSV, Parquet or a plain DuckDB table.',
    );
  }
  return new SourceError(`${sourceName} could not be opened: ${text}`);
}
