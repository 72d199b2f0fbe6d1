/**
 * The chain-family registry: one family per CAIP-2 namespace (CAIP-2 §Syntax: namespace
 * `[-a-z0-9]{3,8}`, reference `[-_a-zA-Z0-9]{1,32}`), lookup by a chain id's namespace, and a
 * clear code for a network no family serves.
 */
import { fail } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Evidence } from './evidence.js';
import { type AnyChainFamily, caip2Namespace, FamilyRegistry } from './family.js';

const fake = (id: string, namespace: string): AnyChainFamily => ({
  id,
  namespace,
  parseNetwork: (n) =>
    n.startsWith(`${namespace}:`)
      ? { ok: true, network: { caip2: n, namespace, reference: n.slice(namespace.length + 1) } }
      : fail('WRONG_FAMILY', n),
  checkAddress: (_n, a) => ({ ok: true, address: a }),
  isStateProven: () => false,
  collect: async () => {
    throw new Error('not used');
  },
  verify: async () => ({ status: 'unchecked', entries: [] }),
});

describe('caip2Namespace (CAIP-2 syntax)', () => {
  test('examples', () => {
    expect(caip2Namespace('eip155:137')).toBe('eip155');
    expect(caip2Namespace('bip122:000000000019d6689c085ae165831e93')).toBe('bip122');
    expect(caip2Namespace('xrpl:0')).toBe('xrpl');
    for (const bad of [
      'eip155',
      'EIP155:1',
      'ab:1',
      'eip155:',
      `eip155:${'1'.repeat(33)}`,
      'eip155:1:2',
    ])
      expect(caip2Namespace(bad)).toBeUndefined();
  });
  test('property: any well-formed id yields its namespace', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[-a-z0-9]{3,8}$/),
        fc.stringMatching(/^[-_a-zA-Z0-9]{1,32}$/),
        (ns, ref) => caip2Namespace(`${ns}:${ref}`) === ns
      )
    );
  });
});

describe('FamilyRegistry', () => {
  const reg = new FamilyRegistry([fake('ethereum', 'eip155'), fake('bitcoin', 'bip122')]);
  test('looks a family up by the namespace of a chain id', () => {
    expect(reg.namespaces()).toEqual(['eip155', 'bip122']);
    expect(reg.forChain('eip155:43114')?.id).toBe('ethereum');
    expect(reg.forChain('bip122:000000000019d6689c085ae165831e93')?.id).toBe('bitcoin');
    expect(reg.forChain('xrpl:0')).toBeUndefined();
    expect(reg.forChain('not a chain')).toBeUndefined();
  });
  test('a network no family serves: UNKNOWN_NETWORK naming the served namespaces', () => {
    const r = reg.parseNetwork('xrpl:0');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('UNKNOWN_NETWORK');
      expect(r.message).toContain('eip155, bip122');
    }
    expect(reg.parseNetwork('eip155:56')).toMatchObject({ ok: true, network: { reference: '56' } });
  });
  test('one family per namespace', () => {
    expect(() => reg.register(fake('other-evm', 'eip155'))).toThrow(/already served by ethereum/);
  });
  test('unserved entries of an evidence file', () => {
    const ev = {
      entries: [{ chain: 'eip155:1' }, { chain: 'xrpl:0' }, { chain: 'bip122:abc' }],
    } as unknown as Evidence;
    expect(reg.unserved(ev)).toEqual([1]);
  });
});
