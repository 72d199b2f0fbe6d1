/**
 * The `attestation` and `chain` checks of `kura audit` on the signed fixtures of @kura/attest:
 * the hash chain (first attestation, missing / right / rewritten predecessor), a publication
 * whose files are not the attested ones, and the trust-file remarks about the auditor's key.
 */
import { type Attestation, keyFingerprint, publicKeyOf, signAttestation } from '@kura/attest';
import { bytesToHex, utf8Raw } from '@kura/codec';
import { describe, expect, test } from 'vitest';
import {
  AUDITOR_KEY,
  AUDITOR_SECRET,
  clone,
  EVIDENCE_BYTES,
  EXCHANGE_KEY,
  NOW,
  rootJson,
  text,
  trustJson,
  unsigned,
} from '../../attest/test/fixtures.js';
import { checkAttestation } from './attestation.js';
import type { Publication } from './publication.js';

const exchangeSigned = (a: Attestation) => signAttestation(a, 'exchange', EXCHANGE_KEY);
const auditorPub = publicKeyOf('ecdsa-secp256k1', AUDITOR_SECRET);
const auditorKey = {
  alg: AUDITOR_KEY.alg,
  publicKey: bytesToHex(auditorPub),
  fingerprint: keyFingerprint(AUDITOR_KEY.alg, auditorPub),
};

function publication(att: Attestation, over: { evidence?: Uint8Array } = {}): Publication {
  return {
    dir: '/pub',
    attestationBytes: utf8Raw(text(att)),
    attestation: att,
    files: { root: utf8Raw(rootJson()), evidence: over.evidence ?? EVIDENCE_BYTES },
  };
}
const trust = (own = true) => ({ bytes: utf8Raw(trustJson()), source: 'trust.json', own });

/** October: the month before the fixtures' November round. */
function october(): Attestation {
  const a = clone(unsigned());
  a.round.period = '2026-10';
  a.round.snapshotTime = '2026-10-31T15:00:00Z';
  return exchangeSigned(a as Attestation);
}

describe('attestation and chain checks', () => {
  test('a first attestation verifies and starts the chain', () => {
    const r = checkAttestation({
      pub: publication(exchangeSigned(unsigned())),
      trust: trust(),
      auditorKey,
      now: NOW,
    });
    expect(r.attestation.status).toBe('pass');
    expect(r.attestation.facts).toContainEqual(['sequence', '1']);
    expect(r.chain.status).toBe('pass');
    expect(r.chain.notes[0]).toMatch(/starts the chain/);
  });
  test('sequence 2: needs --previous; the right predecessor passes, a rewritten one fails', () => {
    const prev = october();
    const cur = exchangeSigned(unsigned({ previous: prev }));
    const pub = publication(cur);
    let r = checkAttestation({ pub, trust: trust(), auditorKey, now: NOW });
    expect(r.attestation.status).toBe('pass');
    expect(r.chain.status).toBe('error');
    expect(r.chain.errors[0]).toMatch(/sequence 2 links to a previous attestation .*--previous/);
    r = checkAttestation({
      pub,
      trust: trust(),
      auditorKey,
      now: NOW,
      previous: { bytes: utf8Raw(text(prev)), file: 'october.json' },
    });
    expect(r.chain.status).toBe('pass');
    const rewritten = clone(prev);
    rewritten.liabilities.totals[0] = '1';
    r = checkAttestation({
      pub,
      trust: trust(),
      auditorKey,
      now: NOW,
      previous: { bytes: utf8Raw(text(rewritten)), file: 'october.json' },
    });
    expect(r.chain.status).toBe('fail');
    expect(r.chain.problems[0]).toMatch(/^PREVIOUS_HASH_MISMATCH: /);
  });
  test('an evidence file that is not the attested one fails with its code', () => {
    // the same evidence plus one trailing space: other bytes, another SHA-256
    const changed = utf8Raw(`${new TextDecoder().decode(EVIDENCE_BYTES)} `);
    const r = checkAttestation({
      pub: publication(exchangeSigned(unsigned()), { evidence: changed }),
      trust: trust(),
      auditorKey,
      now: NOW,
    });
    expect(r.attestation.status).toBe('fail');
    expect(r.attestation.problems[0]).toMatch(/^verifyAttestation: EVIDENCE_HASH_MISMATCH/);
  });
  test("remarks: the publication's own trust file; an auditor key not pinned; pinned for the wrong role", () => {
    const att = exchangeSigned(unsigned());
    let r = checkAttestation({ pub: publication(att), trust: trust(false), auditorKey, now: NOW });
    expect(r.attestation.notes.join('\n')).toMatch(/pinned by the publication's own trust\.json/);
    const stranger = {
      ...auditorKey,
      publicKey: '02'.padEnd(66, '7'),
      fingerprint: 'ff'.repeat(32),
    };
    r = checkAttestation({ pub: publication(att), trust: trust(), auditorKey: stranger, now: NOW });
    expect(r.attestation.status).toBe('pass');
    expect(r.attestation.notes.join('\n')).toMatch(/is not pinned in trust\.json/);
    const t = JSON.parse(trustJson()) as { keys: { role: string; publicKey: string }[] };
    for (const k of t.keys) if (k.publicKey === auditorKey.publicKey) k.role = 'exchange';
    const wrong = { bytes: utf8Raw(JSON.stringify(t)), source: 'trust.json', own: true };
    r = checkAttestation({ pub: publication(att), trust: wrong, auditorKey, now: NOW });
    expect(r.attestation.status).toBe('error');
    expect(r.attestation.errors[0]).toMatch(/pinned for the role exchange, not auditor/);
  });
});
