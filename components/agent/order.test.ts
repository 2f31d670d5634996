import { describe, expect, it } from 'vitest';
import { DependencyError, readComponents, runOrder } from './order.js';

function order(components: Record<string, object>): string[] {
  return runOrder(readComponents({ software: { components: components as never } }));
}

describe('runOrder', () => {
  it('orders by pre and post dependencies, ties by name, inactive ones left out', () => {
    expect(
      order({
        zeta: { active: true },
        spma: { active: true, dependencies: { post: ['alpha'] } },
        alpha: { active: true, dependencies: { pre: ['network'] } },
        network: { active: true },
        off: { active: false },
      }),
    ).toEqual(['network', 'spma', 'alpha', 'zeta']);
  });

  it('rejects a cycle, naming it', () => {
    expect(() => order({ a: { active: true, dependencies: { pre: ['c'] } }, b: { active: true, dependencies: { pre: ['a'] } }, c: { active: true, dependencies: { pre: ['b'] } }, d: { active: true } })).toThrow(
      new DependencyError('dependency cycle: a -> b -> c -> a'),
    );
  });

  it('rejects a dependency that is missing or inactive', () => {
    expect(() => order({ a: { active: true, dependencies: { post: ['ghost'] } } })).toThrow('component a: post-dependency ghost is not in the profile');
    expect(() => order({ a: { active: true, dependencies: { pre: ['b'] } }, b: { active: false } })).toThrow('component a: pre-dependency b is not active');
  });

  it('rejects malformed component trees with their profile path', () => {
    expect(() => order({ a: { active: true, dependencies: { pre: 'b' } } })).toThrow('/software/components/a/dependencies/pre: must be a list of component names');
    expect(() => order({ 'bad-name': { active: true } })).toThrow('/software/components/bad-name: invalid component name');
  });

  it('reads dispatch (default true)', () => {
    const c = readComponents({ software: { components: { a: { active: true }, b: { active: true, dispatch: false } } } });
    expect([c.get('a')!.dispatch, c.get('b')!.dispatch]).toEqual([true, false]);
  });
});
