/**
 * The phase table beside the codes, the phase every refusal states, and `failedSigners` — which
 * signer failed, from one call — checked against checking each role's signatures on its own (the
 * document re-encoded with that role's signatures only, that role required: what a caller had to
 * do before).
 */
import { bytesToHex } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import {
  AUDITOR_KEY,
  EXCHANGE_KEY,
  EXCHANGE_SEED,
  NOW,
  OTHER_SEED,
  policy,
  signBoth,
  signed,
  text,
  trust,
  unsigned,
} from '../test/fixtures.js';
import type { Attestation } from './attestation.js';
import { attestationDigest, signAttestation } from './digest.js';
import { signDigest } from './sig.js';
import {
  ATTEST_CODES,
  ATTEST_PHASE_ORDER,
  ATTEST_PHASES,
  type AttestationResult,
  attestPhaseOf,
  verifyAttestation,
} from './verify.js';

const run = (a: Attestation | string, t: object = trust()): AttestationResult =>
  verifyAttestation(typeof a === 'string' ? a : text(a), { trust: t as never, now: NOW });

/** The pre-`failedSigners` way: one call per role on the document with only its signatures. */
function perRoleTheOldWay(a: Attestation): { role: string; code: string }[] {
  const out: { role: string; code: string }[] = [];
  for (const role of ['exchange', 'auditor'] as const) {
    const only = { ...a, signatures: a.signatures.filter((s) => s.role === role) };
    const r = verifyAttestation(text(only), { trust: trust(), now: NOW, requiredRoles: [role] });
    const sigsPassed = r.ok || !['parse', 'trust', 'signatures'].includes(r.phase);
    if (!sigsPassed && !r.ok) out.push({ role, code: r.code });
  }
  return out;
}

const flip = (hex: string): string => `${hex.slice(0, -2)}${hex.endsWith('00') ? '01' : '00'}`;
const tamper = (a: Attestation, role: string): Attestation => ({
  ...a,
  signatures: a.signatures.map((s) =>
    s.role === role ? { ...s, signature: flip(s.signature) } : s
  ),
});

describe('ATTEST_PHASES: the code-to-phase map beside the codes', () => {
  it('every code in exactly one phase, KEY_IN_TWO_ROLES in trust and signatures', () => {
    const seen = new Map<string, string[]>();
    for (const phase of ATTEST_PHASE_ORDER)
      for (const code of ATTEST_PHASES[phase]) seen.set(code, [...(seen.get(code) ?? []), phase]);
    expect([...seen.keys()].sort()).toEqual([...ATTEST_CODES].sort());
    for (const [code, phases] of seen)
      expect(phases, code).toEqual(
        code === 'KEY_IN_TWO_ROLES' ? ['trust', 'signatures'] : [phases[0]]
      );
    expect(ATTEST_PHASES.verdict).toEqual(['NOT_COVERED']);
    expect(ATTEST_PHASES.error).toEqual(['VERIFY_ERROR']);
    expect(ATTEST_PHASES.time).toEqual([
      'SNAPSHOT_SKEW',
      'ISSUED_BEFORE_SNAPSHOT',
      'ISSUED_IN_FUTURE',
      'EXPIRED',
    ]);
    expect(attestPhaseOf('SIGNATURE_INVALID')).toBe('signatures');
    expect(attestPhaseOf('KEY_IN_TWO_ROLES')).toBe('signatures');
    expect(attestPhaseOf('EVIDENCE_DUPLICATE_UTXO')).toBe('evidence');
    expect(attestPhaseOf('SOMETHING_NEW')).toBeUndefined();
  });
});

describe('a refusal states its phase', () => {
  it('parse, trust, signatures, time, verdict — each code within its phase', () => {
    const t = trust();
    const cases: [AttestationResult, string, string][] = [
      [run('{"a":1,"a":2}'), 'parse', 'JSON_DUPLICATE_KEY'],
      [run(signed(), { version: 'kura-trust/1', keys: [] }), 'trust', 'TRUST_INVALID'],
      [run(unsigned()), 'signatures', 'MISSING_SIGNATURE'],
      [
        verifyAttestation(text(signed()), { trust: t, now: Date.parse('2030-01-01T00:00:00Z') }),
        'time',
        'EXPIRED',
      ],
      [run(signBoth(unsigned({ policy: policy(false) }))), 'verdict', 'NOT_COVERED'],
    ];
    for (const [r, phase, code] of cases) {
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect([r.code, r.phase]).toEqual([code, phase]);
      expect(ATTEST_PHASES[r.phase]).toContain(r.code);
    }
  });
  it('KEY_IN_TWO_ROLES: trust when the trust file pins one key twice, signatures when one key signs twice', () => {
    const t = trust();
    const both = { ...t, keys: [...t.keys, { ...t.keys[0]!, role: 'auditor' as const }] };
    const r1 = run(signed(), both);
    expect(r1.ok || [r1.code, r1.phase, r1.failedSigners]).toEqual([
      'KEY_IN_TWO_ROLES',
      'trust',
      undefined,
    ]);
    const u = signAttestation(unsigned(), 'exchange', EXCHANGE_KEY);
    const sig = signDigest('ed25519', EXCHANGE_SEED, attestationDigest(u, 'auditor'));
    const twoRoles: Attestation = {
      ...u,
      signatures: [
        ...u.signatures,
        {
          role: 'auditor',
          alg: 'ed25519',
          publicKey: u.signatures[0]!.publicKey,
          signature: bytesToHex(sig),
        },
      ],
    };
    const r2 = run(twoRoles);
    expect(r2.ok || [r2.code, r2.phase]).toEqual(['KEY_IN_TWO_ROLES', 'signatures']);
    // the exchange signed correctly on its own; the auditor's entry is a key pinned for the exchange
    expect(r2.ok || r2.failedSigners).toEqual([
      { role: 'auditor', code: 'WRONG_ROLE', message: expect.any(String) },
    ]);
    expect(perRoleTheOldWay(twoRoles)).toEqual([{ role: 'auditor', code: 'WRONG_ROLE' }]);
  });
});

describe('failedSigners: which signer failed, in one call', () => {
  const other = { alg: 'ed25519' as const, privateKey: OTHER_SEED };
  const cases: [string, Attestation, { role: string; code: string }[]][] = [
    [
      'auditor signature tampered',
      tamper(signed(), 'auditor'),
      [{ role: 'auditor', code: 'SIGNATURE_INVALID' }],
    ],
    [
      'exchange signature tampered',
      tamper(signed(), 'exchange'),
      [{ role: 'exchange', code: 'SIGNATURE_INVALID' }],
    ],
    [
      'both tampered',
      tamper(tamper(signed(), 'exchange'), 'auditor'),
      [
        { role: 'exchange', code: 'SIGNATURE_INVALID' },
        { role: 'auditor', code: 'SIGNATURE_INVALID' },
      ],
    ],
    [
      'auditor missing',
      signAttestation(unsigned(), 'exchange', EXCHANGE_KEY),
      [{ role: 'auditor', code: 'MISSING_SIGNATURE' }],
    ],
    [
      'exchange by an unpinned key',
      signAttestation(signAttestation(unsigned(), 'exchange', other), 'auditor', AUDITOR_KEY),
      [{ role: 'exchange', code: 'UNTRUSTED_KEY' }],
    ],
    [
      'unsigned',
      unsigned(),
      [
        { role: 'exchange', code: 'MISSING_SIGNATURE' },
        { role: 'auditor', code: 'MISSING_SIGNATURE' },
      ],
    ],
  ];
  for (const [name, doc, want] of cases)
    it(`${name}: the roles that fail alone, as checking each role alone finds`, () => {
      const r = run(doc);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.phase).toBe('signatures');
      expect(r.failedSigners?.map(({ role, code }) => ({ role, code }))).toEqual(want);
      expect(perRoleTheOldWay(doc)).toEqual(want);
    });
  it('absent outside the signatures phase', () => {
    const r = run(signBoth(unsigned({ policy: policy(false) })));
    expect(r.ok || r.failedSigners).toBeUndefined();
  });
});
