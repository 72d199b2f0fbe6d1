/**
 * EVM chain ids in an evidence file (issue 17): any `eip155:<chainId>` in its one canonical
 * spelling (the evidence schema's pattern `^eip155:[1-9][0-9]{0,31}$`); a second spelling of a
 * chain (`eip155:01`) is refused, so that one chain cannot appear under two names in one file.
 */
import { describe, expect, it } from 'vitest';
import { clone, evidence } from '../test/fixtures.js';
import { isEvmChain, parseEvidence } from './evidence.js';

type Mut = { snapshots: { chain: string }[]; entries: { chain: string }[] };

describe('EVM chain ids', () => {
  it('any chain id in canonical decimal is an EVM chain; other spellings are not', () => {
    for (const c of ['eip155:1', 'eip155:137', 'eip155:43114', 'eip155:424242'])
      expect(isEvmChain(c), c).toBe(true);
    for (const c of ['eip155:0', 'eip155:01', 'eip155:0x89', 'eip155:', 'eip155:1a', 'bip122:1'])
      expect(isEvmChain(c), c).toBe(false);
  });
  it('an evidence file on another EVM chain parses; a second spelling of a chain is refused', () => {
    const src = clone(evidence()) as unknown as Mut;
    const evm = src.entries
      .map((e, i) => [e, i] as const)
      .filter(([e]) => e.chain.startsWith('eip155:'));
    expect(evm.length).toBeGreaterThan(0);
    const onPolygon = clone(src) as Mut;
    for (const s of onPolygon.snapshots) if (s.chain.startsWith('eip155:')) s.chain = 'eip155:137';
    for (const e of onPolygon.entries) if (e.chain.startsWith('eip155:')) e.chain = 'eip155:137';
    expect(parseEvidence(onPolygon).entries[evm[0]![1]]!.chain).toBe('eip155:137');
    const twoNames = clone(onPolygon) as Mut;
    twoNames.entries[evm[0]![1]]!.chain = 'eip155:0137';
    expect(() => parseEvidence(twoNames)).toThrow(/chains are supported/);
  });
});
