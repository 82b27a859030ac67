// Questions about the `depends_on` graph (cycles, who depends on whom). Pure:
// takes name → dependency names, in config order. Names that
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
 * name → every program that depends on it, directly or through others. Shutdown needs the closure, not the
 * direct edges: in db ← migrate (a oneshot, long exited) ← worker, db must outlive the worker even though
 * its only direct dependent is already down.
 */
export function transitiveDependents(deps: DependencyMap): Map<string, Set<string>> {
  const direct = new Map<string, string[]>();
  for (const [name, needs] of deps) {
    for (const dep of needs) direct.set(dep, [...(direct.get(dep) ?? []), name]);
  }
  const closure = new Map<string, Set<string>>();
  for (const name of deps.keys()) {
    const seen = new Set<string>();
    const stack = [...(direct.get(name) ?? [])];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (seen.has(next) || next === name) continue;
      seen.add(next);
      stack.push(...(direct.get(next) ?? []));
    }
    closure.set(name, seen);
  }
  return closure;
}
