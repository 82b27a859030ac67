import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCycle, transitiveDependents } from '../../../src/core/dependency-graph.js';

const graph = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

describe('findCycle', () => {
  it.each([
    [{}, undefined],
    [{ a: [], b: ['a'] }, undefined],
    [{ a: ['b'], b: ['c'], c: [] }, undefined],
    [{ a: ['a'] }, ['a', 'a']],
    [{ a: ['b'], b: ['a'] }, ['a', 'b', 'a']],
    [{ x: [], a: ['b'], b: ['c'], c: ['b'] }, ['b', 'c', 'b']],
    [{ a: ['missing'] }, undefined],
    [{ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }, undefined],
  ])('%j → %j', (deps, cycle) => {
    expect(findCycle(graph(deps))).toEqual(cycle);
  });
});

describe('transitiveDependents', () => {
  it.each([
    [
      { a: [], b: [] },
      { a: [], b: [] },
    ],
    // db ← migrate ← worker: the worker needs db through the oneshot.
    [
      { db: [], migrate: ['db'], worker: ['migrate'], web: ['db'] },
      { db: ['migrate', 'web', 'worker'], migrate: ['worker'], worker: [], web: [] },
    ],
    [
      { a: ['b', 'c'], b: ['d'], c: ['d'], d: [] },
      { a: [], b: ['a'], c: ['a'], d: ['a', 'b', 'c'] },
    ],
    [{ a: ['unknown'] }, { a: [] }],
    // A cycle (never in a validated config) terminates and leaves a program out of its own dependents.
    [
      { a: ['b'], b: ['a'] },
      { a: ['b'], b: ['a'] },
    ],
  ])('%j', (deps, expected) => {
    const closure = transitiveDependents(graph(deps));
    expect(Object.fromEntries([...closure].map(([k, v]) => [k, [...v].sort()]))).toEqual(expected);
  });

  // Random DAGs: node i may depend only on nodes < i, listed in shuffled order.
  const dag = fc
    .integer({ min: 1, max: 12 })
    .chain((n) =>
      fc.tuple(
        fc.array(fc.array(fc.nat({ max: 11 }), { maxLength: 4 }), { minLength: n, maxLength: n }),
        fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      ),
    );

  it('x is a dependent of y exactly when a depends_on path leads from x to y (property)', () => {
    fc.assert(
      fc.property(dag, ([depLists, order]) => {
        const deps = new Map(order.map((i) => [`p${i}`, (depLists[i] ?? []).filter((d) => d < i).map((d) => `p${d}`)]));
        const reaches = (from: string, to: string): boolean =>
          (deps.get(from) ?? []).some((d) => d === to || reaches(d, to));
        const closure = transitiveDependents(deps);
        for (const y of deps.keys()) {
          for (const x of deps.keys()) expect(closure.get(y)?.has(x)).toBe(reaches(x, y));
        }
      }),
    );
  });
});

describe('findCycle (property)', () => {
  it('a cycle closing edge makes findCycle report it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), (n) => {
        const deps = new Map([...Array(n).keys()].map((i) => [`p${i}`, [`p${(i + 1) % n}`]]));
        const cycle = findCycle(deps);
        expect(cycle).toHaveLength(n + 1);
        expect(cycle?.[0]).toBe(cycle?.at(-1));
      }),
    );
  });
});
