// An effect outside a component, for the state tests: what a view's $effect runs, until the returned stop.
export function effect(fn: () => void): () => void {
  return $effect.root(() => {
    $effect(fn);
  });
}
