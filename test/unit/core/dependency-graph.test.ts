import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCycle, reverseLayers, startLayers } from '../../../src/core/dependency-graph.js';

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

describe('startLayers / reverseLayers', () => {
  it.each([
    [{ a: [], b: [] }, [['a', 'b']]],
    [
      { web: ['db', 'cache'], db: [], cache: [], worker: ['db'] },
      [
        ['db', 'cache'],
        ['web', 'worker'],
      ],
    ],
    [{ c: ['b'], b: ['a'], a: [] }, [['a'], ['b'], ['c']]],
    [{ a: ['unknown'] }, [['a']]],
    [{ x: [], a: ['b'], b: ['a'] }, [['x'], ['a', 'b']]],
  ])('%j', (deps, layers) => {
    expect(startLayers(graph(deps))).toEqual(layers);
    expect(reverseLayers(graph(deps))).toEqual([...layers].reverse());
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

  it('every program appears once and after all of its dependencies (property)', () => {
    fc.assert(
      fc.property(dag, ([depLists, order]) => {
        const deps = new Map(order.map((i) => [`p${i}`, (depLists[i] ?? []).filter((d) => d < i).map((d) => `p${d}`)]));
        expect(findCycle(deps)).toBeUndefined();
        const layers = startLayers(deps);
        const layerOf = new Map(layers.flatMap((l, k) => l.map((n) => [n, k] as const)));
        expect([...layerOf.keys()].sort()).toEqual([...deps.keys()].sort());
        expect(layers.flat()).toHaveLength(deps.size);
        for (const [name, ds] of deps) for (const d of ds) expect(layerOf.get(d)).toBeLessThan(layerOf.get(name) ?? -1);
      }),
    );
  });

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
