// Long benchmark names as lists show them: the part every name shares is said once, each row shows the rest.

const SEPARATORS = new Set(['.', '/', ':', ' ', '·', '|', ',', '=']);

/** The longest prefix all labels share that ends at a separator, if it is worth hiding (≥ 8 characters and no
 *  label is left empty). Empty string otherwise. */
export function sharedPrefix(labels: readonly string[]): string {
  if (labels.length < 2) return '';
  let prefix = labels[0];
  for (const label of labels) {
    let i = 0;
    while (i < prefix.length && i < label.length && prefix[i] === label[i]) i++;
    prefix = prefix.slice(0, i);
    if (!prefix) return '';
  }
  let cut = prefix.length;
  while (cut > 0 && !SEPARATORS.has(prefix[cut - 1])) cut--;
  prefix = prefix.slice(0, cut);
  if (prefix.length < 8 || labels.some((label) => label.length <= prefix.length)) return '';
  return prefix;
}

/** The longest suffix all labels share that starts at a separator (the same machine or environment on every
 *  series, say), if it is worth hiding; empty string otherwise. */
export function sharedSuffix(labels: readonly string[]): string {
  const reversed = sharedPrefix(labels.map((l) => [...l].reverse().join('')));
  return [...reversed].reverse().join('');
}

/** A label without the shared prefix and suffix, marked with an ellipsis where something was taken off. */
export function withoutShared(label: string, prefix: string, suffix = ''): string {
  let text = label;
  if (prefix && text.startsWith(prefix)) text = `…${text.slice(prefix.length)}`;
  if (suffix && text.endsWith(suffix) && text.length > suffix.length + 1)
    text = `${text.slice(0, text.length - suffix.length)}…`;
  return text;
}
