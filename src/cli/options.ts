// The options several verbs share and the parsing of option values: numbers, times, the output format, the --db
// inputs. A UsageError is a mistake on the command line; main prints it with a pointer to --help and exits 2.
import type { CommandOptions } from './commands/command.ts';

export class UsageError extends Error {}

/** Restrict to matching series (record takes them as the result's own ids, batch size, sequence length, precision). */
export const SERIES_OPTIONS = {
  'model-id': { type: 'string' },
  'hardware-id': { type: 'string' },
  model: { type: 'string' },
  hardware: { type: 'string' },
  'batch-size': { type: 'string' },
  'sequence-length': { type: 'string' },
  precision: { type: 'string' },
  filter: { type: 'string', multiple: true },
} satisfies CommandOptions;

/** The "Common options" of --help: every verb takes them. */
export const COMMON_OPTIONS = {
  db: { type: 'string', multiple: true },
  'as-of': { type: 'string' },
  format: { type: 'string' },
  ...SERIES_OPTIONS,
  'no-write': { type: 'boolean' },
} satisfies CommandOptions;

export const TEXT_OR_JSON = ['text', 'json'] as const;

/** --format, one of the verb's choices; the first is the default. */
export function outputFormat<F extends string>(values: { format?: string }, command: string, choices: readonly F[]): F {
  const value = values.format ?? choices[0];
  if (!choices.includes(value as F)) throw new UsageError(`--format for ${command} must be ${choices.join(' or ')}`);
  return value as F;
}

/** The --db inputs; default $BENCHMARK_DB_PATH, else ./benchmark_db.duckdb, as in the seed. */
export function dbPaths(values: { db?: string[] }): string[] {
  return values.db?.length ? values.db : [process.env.BENCHMARK_DB_PATH ?? './benchmark_db.duckdb'];
}

export function number<V extends object>(values: V, name: keyof V & string, fallback?: number): number | undefined {
  const raw: unknown = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} must be a number (got "${String(raw)}")`);
  return n;
}

export function integer<V extends object>(values: V, name: keyof V & string, fallback?: number): number | undefined {
  const n = number(values, name, fallback);
  if (n !== undefined && !Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number`);
  return n;
}

/** --as-of in ms; a time of day without a zone is UTC. */
export function asOf(values: { 'as-of'?: string }): number | null {
  if (!values['as-of']) return null;
  const text = values['as-of'];
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || !/\d\d:\d\d/.test(text) ? text : text + 'Z');
  if (!Number.isFinite(ms)) throw new UsageError(`--as-of must be a date or time (ISO 8601), got "${text}"`);
  return ms;
}

/** --threshold metric=percent, repeatable. */
export function parseThresholds(items: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const match = /^([^=]+)=(-?[\d.]+)$/.exec(item);
    if (!match || !Number.isFinite(Number(match[2])))
      throw new UsageError(`--threshold expects metric=percent, e.g. latency=5 (got "${item}")`);
    out[match[1]] = Number(match[2]);
  }
  return out;
}
