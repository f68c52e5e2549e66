// Files of a batch (a folder, several files) that hold no benchmark results: grouped by reason, so a project folder
// of configs, summaries and logs gives one line ("skipped 142 files: …") with the paths behind each count.

export interface SkippedGroup {
  reason: string;
  paths: string[];
}

/** Why a file of a batch was left out. Benchmark outputs without measurements are grouped by their format. */
export const SKIP_REASONS = {
  notResult: 'JSON in no benchmark format (settings, summaries, matrices …)',
  unknownFormat: 'not a format this page reads',
  tableBesideResults: 'tables beside benchmark results (open one alone to chart it)',
  duplicate: 'the same file given twice (read once)',
  emptyOutput: (format: string) => `${format} files without completed measurements`,
  lookalike: (tool: string) => `unrecognised benchmark output (looks like ${tool})`,
  metadata: (what: string) => `read as ${what}, not results`,
} as const;

/** Skipped files grouped by reason, in the order the reasons first came up. */
export function groupSkipped(files: { name: string; reason: string }[]): SkippedGroup[] {
  const groups = new Map<string, string[]>();
  for (const { name, reason } of files) (groups.get(reason) ?? groups.set(reason, []).get(reason)!).push(name);
  return [...groups].map(([reason, paths]) => ({ reason, paths }));
}

/** A file name with its numbers and hashes (dates, run ids, commits) as `*`: model_functionality_20250305_204916.json →
 *  model_functionality_*.json, b731e884-conda-py3.8.json → *-conda-py*.json. */
export function namePattern(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base
    .replace(/(?<![a-z])[0-9a-f]*\d[0-9a-f]*(?![a-z])/gi, (token) => (token.length >= 7 ? '*' : token))
    .replace(/\d+/g, '*')
    .replace(/\*(?:[-_.:T]\*)+/g, '*');
}

/** The most common name patterns of a group's paths, e.g. "benchmark_config.json ×21, hardware_compatibility_matrix.json ×25". */
export function commonNames(paths: string[], limit = 3): string {
  const counts = new Map<string, number>();
  for (const p of paths) counts.set(namePattern(p), (counts.get(namePattern(p)) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = top.slice(0, limit).map(([name, n]) => (n > 1 ? `${name} ×${n}` : name));
  return top.length > limit ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** One line for all skipped files: the total, then each reason with its count and common file names. */
export function describeSkipped(groups: SkippedGroup[]): string {
  const total = groups.reduce((n, g) => n + g.paths.length, 0);
  if (total === 0) return '';
  const parts = groups.map((g) => `${g.paths.length} ${g.reason} (${commonNames(g.paths)})`);
  return `Skipped ${total === 1 ? '1 file that holds' : `${total} files that hold`} no benchmark results: ${parts.join('; ')}.`;
}
