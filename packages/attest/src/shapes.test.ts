/**
 * The attestation and evidence readers on their declared shapes (`attestationShape`,
 * `evidenceShape`): errors name the file, line, column and JSON path; the documented member
 * order comes back whatever order the file had; per-family and per-protocol forms; lengths in
 * characters (code points), as JSON Schema counts them.
 */
import { DocumentError, utf8Raw } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { clone, evidence, signed, text } from '../test/fixtures.js';
import { parseAttestation, parseAttestationBytes } from './attestation.js';
import { parseEvidence, parseEvidenceBytes } from './evidence.js';
import { SchemaError } from './fields.js';

const errorOf = (f: () => unknown): DocumentError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DocumentError) return e;
    throw e;
  }
  throw new Error('no error');
};

/**
 * `v` with every object's members in reverse order (arrays keep theirs), except the open
 * objects, which a reader keeps as given (`policy`, `ownership`).
 */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .reverse()
      .map(([k, x]) => [k, k === 'policy' || k === 'ownership' ? x : reversed(x)])
  );
}

describe('attestation reader', () => {
  it('names file, line, column and the JSON path of the field; SchemaError is DocumentError', () => {
    const a = clone(signed());
    a.liabilities.totals[1] = '007';
    const e = errorOf(() => parseAttestationBytes(utf8Raw(text(a)), 'attestation.json'));
    expect(e).toBeInstanceOf(SchemaError);
    expect([e.code, e.path, e.file]).toEqual([
      'NON_CANONICAL_ENCODING',
      '$.liabilities.totals[1]',
      'attestation.json',
    ]);
    const line =
      text(a)
        .split('\n')
        .findIndex((l) => l.includes('"007"')) + 1;
    expect(e.line).toBe(line);
    expect(e.message).toMatch(/^attestation\.json:\d+:\d+: field "\$\.liabilities\.totals\[1\]"/);
    // without a file name the message names none
    expect(errorOf(() => parseAttestationBytes(utf8Raw(text(a)))).message).toMatch(
      /^field "\$\.liabilities\.totals\[1\]"/
    );
  });

  it('returns the documented member order whatever the file’s order (same statement)', () => {
    const doc = signed();
    const back = parseAttestation(JSON.parse(JSON.stringify(reversed(doc))));
    expect(JSON.stringify(back)).toBe(JSON.stringify(parseAttestation(doc)));
  });

  it('a round member inside the document is refused at its own path', () => {
    const a = clone(signed());
    a.round.snapshotTime = '2026-02-30T00:00:00Z';
    const e = errorOf(() => parseAttestation(a));
    expect([e.code, e.path]).toEqual(['SCHEMA', '$.round.snapshotTime']);
  });

  it('the key form follows alg: an uncompressed secp256k1 key is a second spelling', () => {
    const a = clone(signed());
    const au = a.signatures.findIndex((s) => s.alg === 'ecdsa-secp256k1');
    a.signatures[au]!.publicKey = `04${'ab'.repeat(64)}`;
    expect(errorOf(() => parseAttestation(a)).code).toBe('NON_CANONICAL_ENCODING');
    a.signatures[au]!.publicKey = `05${'ab'.repeat(32)}`;
    expect(errorOf(() => parseAttestation(a)).code).toBe('SCHEMA');
    a.signatures[au]!.alg = 'ed25519';
    a.signatures[au]!.publicKey = 'ab'.repeat(32);
    expect(() => parseAttestation(a)).not.toThrow();
  });

  it('counts characters (code points) as JSON Schema does: 256 emoji are a valid name', () => {
    const a = clone(signed());
    a.exchange.name = '\u{1F600}'.repeat(256);
    expect(() => parseAttestation(a)).not.toThrow();
    a.exchange.name = '\u{1F600}'.repeat(257);
    expect(errorOf(() => parseAttestation(a)).path).toBe('$.exchange.name');
  });
});

describe('evidence reader', () => {
  it('an entry of no supported chain family is refused at its chain, before its members', () => {
    const ev = clone(evidence());
    ev.entries[0]!.chain = 'cosmos:cosmoshub-4';
    const e = errorOf(() => parseEvidence(ev));
    expect([e.code, e.path, e.reason]).toEqual([
      'SCHEMA',
      '$.entries[0].chain',
      'only bip122:, eip155: and xrpl: chains are supported',
    ]);
  });

  it('an EVM snapshot hash is 0x + lowercase hex; a Bitcoin one has no prefix', () => {
    const evm = clone(evidence());
    evm.snapshots[1]!.blockHash = evm.snapshots[1]!.blockHash.toUpperCase().replace('0X', '0x');
    expect(errorOf(() => parseEvidence(evm)).code).toBe('NON_CANONICAL_ENCODING');
    const bare = clone(evidence());
    bare.snapshots[1]!.blockHash = bare.snapshots[1]!.blockHash.slice(2);
    expect(errorOf(() => parseEvidence(bare)).code).toBe('SCHEMA');
    const btc = clone(evidence());
    btc.snapshots[0]!.blockHash = `0x${btc.snapshots[0]!.blockHash}`;
    expect(errorOf(() => parseEvidence(btc)).code).toBe('NON_CANONICAL_ENCODING');
  });

  it('bytes with a file name: errors name it, with line and column', () => {
    const ev = clone(evidence());
    ev.entries[1]!.utxos![0]!.vout = -1;
    const e = errorOf(() => parseEvidenceBytes(utf8Raw(JSON.stringify(ev, null, 2)), 'ev.json'));
    expect([e.code, e.path, e.file]).toEqual(['SCHEMA', '$.entries[1].utxos[0].vout', 'ev.json']);
    expect(e.line).toBeGreaterThan(1);
  });

  it('returns the documented member order whatever the file’s order', () => {
    const back = parseEvidence(JSON.parse(JSON.stringify(reversed(evidence()))));
    expect(JSON.stringify(back)).toBe(JSON.stringify(parseEvidence(evidence())));
    expect(Object.keys(back)).toEqual(['version', 'round', 'roundId', 'snapshots', 'entries']);
  });
});
