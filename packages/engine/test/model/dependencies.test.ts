import { describe, expect, it } from 'vitest';
import {
  dependentsOf,
  findCycle,
  offlineWaves,
  onlineWaves,
  providersOf,
  type DependencyNode,
} from '../../src/model/dependencies.ts';

const graph = (edges: Record<string, string[]>): DependencyNode[] =>
  Object.entries(edges).map(([name, dependencies]) => ({ name, dependencies }));

// The seed scenario: Chat Server needs the address, the name and the disk; Network Name needs the IP.
const socketGroup = graph({
  'Chat Server': ['IP Address', 'Network Name', 'Disk'],
  'Network Name': ['IP Address'],
  'IP Address': [],
  Disk: [],
});

describe('findCycle', () => {
  it.each([
    ['empty group', {}, undefined],
    ['single resource', { A: [] }, undefined],
    ['chain', { A: ['B'], B: ['C'], C: [] }, undefined],
    ['diamond', { A: ['B', 'C'], B: ['D'], C: ['D'], D: [] }, undefined],
    ['self edge', { A: ['A'] }, ['A', 'A']],
    ['two-cycle', { A: ['B'], B: ['A'] }, ['A', 'B', 'A']],
    ['three-cycle behind a tail', { T: ['A'], A: ['B'], B: ['C'], C: ['A'] }, ['A', 'B', 'C', 'A']],
  ] as [string, Record<string, string[]>, string[] | undefined][])('%s', (_name, edges, cycle) => {
    expect(findCycle(graph(edges))).toEqual(cycle);
  });

  it('returns a path whose every step is a dependency edge', () => {
    const resources = graph({ Z: ['Y'], Y: ['X'], X: ['W'], W: ['Y'], Q: [] });
    const cycle = findCycle(resources)!;
    expect(cycle[0]).toBe(cycle.at(-1));
    for (let i = 0; i + 1 < cycle.length; i++) {
      expect(resources.find((r) => r.name === cycle[i])!.dependencies).toContain(cycle[i + 1]);
    }
  });

  it('ignores dependencies on resources outside the list', () => {
    expect(findCycle(graph({ A: ['Elsewhere'] }))).toBeUndefined();
  });
});

describe('onlineWaves', () => {
  it('brings providers first and independent branches in parallel', () => {
    expect(onlineWaves(socketGroup)).toEqual([['Disk', 'IP Address'], ['Network Name'], ['Chat Server']]);
  });

  it.each([
    ['empty', {}, []],
    ['independent resources in one wave', { C: [], A: [], B: [] }, [['A', 'B', 'C']]],
    ['chain', { A: ['B'], B: ['C'], C: [] }, [['C'], ['B'], ['A']]],
    ['diamond', { A: ['B', 'C'], B: ['D'], C: ['D'], D: [] }, [['D'], ['B', 'C'], ['A']]],
    // A waits for the longer branch: every provider must be in an earlier wave.
    ['uneven branches', { A: ['B', 'X'], B: ['C'], C: [], X: [] }, [['C', 'X'], ['B'], ['A']]],
    ['unknown provider ignored', { A: ['Gone'] }, [['A']]],
  ] as [string, Record<string, string[]>, string[][]][])('%s', (_name, edges, waves) => {
    expect(onlineWaves(graph(edges))).toEqual(waves);
  });

  it('throws on a cycle, naming it', () => {
    expect(() => onlineWaves(graph({ A: ['B'], B: ['A'] }))).toThrow(/cycle: A → B → A/);
  });

  it('puts every provider in an earlier wave than its dependent (random DAGs)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 50; round++) {
      const names = Array.from({ length: 12 }, (_, i) => `R${i}`);
      // Edges only to lower indexes: acyclic by construction.
      const resources = names.map((name, i) => ({
        name,
        dependencies: names.slice(0, i).filter(() => random() < 0.25),
      }));
      const waveOf = new Map<string, number>();
      for (const [index, wave] of onlineWaves(resources).entries()) for (const name of wave) waveOf.set(name, index);
      const offWaveOf = new Map<string, number>();
      for (const [index, wave] of offlineWaves(resources).entries())
        for (const name of wave) offWaveOf.set(name, index);
      expect(waveOf.size).toBe(names.length);
      for (const resource of resources) {
        for (const provider of resource.dependencies) {
          expect(waveOf.get(provider)!).toBeLessThan(waveOf.get(resource.name)!);
          expect(offWaveOf.get(resource.name)!).toBeLessThan(offWaveOf.get(provider)!);
        }
      }
    }
  });
});

describe('offlineWaves', () => {
  it('takes dependents offline first', () => {
    expect(offlineWaves(socketGroup)).toEqual([['Chat Server'], ['Disk', 'Network Name'], ['IP Address']]);
  });

  it('takes a provider nothing depends on offline in the first wave', () => {
    expect(offlineWaves(graph({ A: ['B'], B: [], Lone: [] }))).toEqual([['A', 'Lone'], ['B']]);
  });

  it('throws on a cycle', () => {
    expect(() => offlineWaves(graph({ A: ['A'] }))).toThrow(/cycle/);
  });
});

describe('providersOf / dependentsOf', () => {
  it.each([
    ['Chat Server', false, ['Disk', 'IP Address', 'Network Name']],
    ['Network Name', false, ['IP Address']],
    ['Network Name', true, ['IP Address']],
    ['IP Address', true, []],
    ['Nobody', true, []],
  ] as const)('providersOf(%s, transitive %s)', (name, transitive, expected) => {
    expect(providersOf(socketGroup, name, { transitive })).toEqual(expected);
  });

  it.each([
    ['IP Address', false, ['Chat Server', 'Network Name']],
    ['IP Address', true, ['Chat Server', 'Network Name']],
    ['Disk', false, ['Chat Server']],
    ['Chat Server', true, []],
  ] as const)('dependentsOf(%s, transitive %s)', (name, transitive, expected) => {
    expect(dependentsOf(socketGroup, name, { transitive })).toEqual(expected);
  });

  it('follows chains when transitive, not otherwise', () => {
    const chain = graph({ A: ['B'], B: ['C'], C: ['D'], D: [] });
    expect(providersOf(chain, 'A')).toEqual(['B']);
    expect(providersOf(chain, 'A', { transitive: true })).toEqual(['B', 'C', 'D']);
    expect(dependentsOf(chain, 'D', { transitive: true })).toEqual(['A', 'B', 'C']);
  });

  it('terminates on a cycle', () => {
    const cyclic = graph({ A: ['B'], B: ['A'] });
    expect(providersOf(cyclic, 'A', { transitive: true })).toEqual(['B']);
  });
});
