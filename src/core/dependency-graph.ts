// Start/stop order from `depends_on`. Pure: takes name → dependency names,
// in config order, so the same file always gives the same order. Names that
// are not keys of the map (unknown programs) are ignored here; config
// validation reports them.

/** name → names it depends on. */
export type DependencyMap = ReadonlyMap<string, readonly string[]>;

/** A dependency cycle as a closed walk (`['a', 'b', 'a']`), or undefined when there is none. */
export function findCycle(deps: DependencyMap): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (name: string): string[] | undefined => {
    if (onPath.has(name)) return [...path.slice(path.indexOf(name)), name];
    if (done.has(name) || !deps.has(name)) return undefined;
    path.push(name);
    onPath.add(name);
    for (const dep of deps.get(name) ?? []) {
      const cycle = visit(dep);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    onPath.delete(name);
    done.add(name);
    return undefined;
  };
  for (const name of deps.keys()) {
    const cycle = visit(name);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

/**
 * Layers to start in order: every program's dependencies are in earlier
 * layers; within a layer, config order. Programs caught in a cycle (which a
 * validated config never has) go into one last layer rather than vanishing,
 * so PID 1 still starts everything it was told to.
 */
export function startLayers(deps: DependencyMap): string[][] {
  const placed = new Set<string>();
  const layers: string[][] = [];
  let pending = [...deps.keys()];
  while (pending.length > 0) {
    const ready = pending.filter((n) => (deps.get(n) ?? []).every((d) => placed.has(d) || !deps.has(d)));
    if (ready.length === 0) {
      layers.push(pending);
      break;
    }
    for (const n of ready) placed.add(n);
    layers.push(ready);
    pending = pending.filter((n) => !placed.has(n));
  }
  return layers;
}

/** Layers to stop in order: dependents before what they depend on. */
export function reverseLayers(deps: DependencyMap): string[][] {
  return startLayers(deps).reverse();
}
