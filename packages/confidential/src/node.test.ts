/**
 * The Node entry point (node.ts): the same exports as the isomorphic main entry, and the pinned
 * generator table used on first need — not before.
 */
import { describe, expect, it } from 'vitest';
import * as main from './index.js';
import * as node from './node.js';

describe('Node entry point', () => {
  it('exports exactly what the main entry exports', () => {
    expect(Object.keys(node).sort()).toEqual(Object.keys(main).sort());
  });
  it('registers the table lazily: installed on the first generator, equal to hash-to-curve', () => {
    expect(node.generatorTableInstalled()).toBe(false);
    const { G, H } = node.bulletproofGenerators(4096);
    expect(node.generatorTableInstalled()).toBe(true);
    for (const i of [0, 17, 4095]) {
      expect(G[i]!.equals(node.bulletproofG(i))).toBe(true);
      expect(H[i]!.equals(node.bulletproofH(i))).toBe(true);
    }
  });
});
