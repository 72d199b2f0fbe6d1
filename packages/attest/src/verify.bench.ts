/**
 * Verification speed (`npm run bench` → `vitest bench --run`): a full attestation verification
 * with and without the optional documents, and its parts.
 */
import { hexToBytes, jcs, utf8Raw } from '@kura/codec';
import { verifyPolicyEvaluation } from '@kura/policy';
import { bench, describe } from 'vitest';
import {
  consistentUnsigned,
  FULL_EVIDENCE_BYTES,
  INPUTS_BYTES,
  POLICY_FILE,
  ROOT_BYTES,
} from '../test/consistent.js';
import {
  EVIDENCE_BYTES,
  NOW,
  rootJson,
  signBoth,
  signed,
  text,
  trust,
  unsigned,
} from '../test/fixtures.js';
import { parseAttestationBytes, statementOf } from './attestation.js';
import { attestationDigest } from './digest.js';
import { checkPolicyNumbers } from './policy-numbers.js';
import { verifySignature } from './sig.js';
import { parseTrust } from './trust.js';
import { verifyAttestation } from './verify.js';

const doc = signed();
const bytes = utf8Raw(text(doc));
const root = rootJson();
const t = parseTrust(trust()); // parsed once, as a long-running verifier would
const ex = doc.signatures[0]!;
const au = doc.signatures[1]!;
const dEx = attestationDigest(doc, 'exchange');
const dAu = attestationDigest(doc, 'auditor');

// a real JP-FSA-2026 evaluation embedded (its verdict is NOT_COVERED: the reserve is not met)
const real = signBoth(consistentUnsigned());
const realBytes = utf8Raw(text(real));
const verdict = (r: ReturnType<typeof verifyAttestation>) => {
  if (!r.ok && r.code !== 'NOT_COVERED') throw new Error(`bench: ${r.code}`);
};

describe('attestation verification', () => {
  bench('verifyAttestation, real JP-FSA-2026 evaluation (every derivable number)', () => {
    verdict(verifyAttestation(realBytes, { trust: t, now: NOW }));
  });
  bench('verifyAttestation, real evaluation + root + evidence + policy re-run', () => {
    verdict(
      verifyAttestation(realBytes, {
        trust: t,
        now: NOW,
        root: ROOT_BYTES,
        evidence: FULL_EVIDENCE_BYTES,
        policyFile: POLICY_FILE,
        policyInputs: INPUTS_BYTES,
        policyEngine: verifyPolicyEvaluation,
      })
    );
  });
  bench('checkPolicyNumbers alone (real evaluation)', () => {
    if (checkPolicyNumbers(real) !== null) throw new Error('bench: mismatch');
  });
  bench('verifyAttestation (signatures + numbers)', () => {
    if (!verifyAttestation(bytes, { trust: t, now: NOW }).ok) throw new Error('bench: not ok');
  });
  bench('verifyAttestation + root.json + evidence', () => {
    if (!verifyAttestation(bytes, { trust: t, now: NOW, root, evidence: EVIDENCE_BYTES }).ok)
      throw new Error('bench: not ok');
  });
  bench('strict parse of the attestation', () => {
    parseAttestationBytes(bytes);
  });
  bench('JCS(statement) + tagged digest', () => {
    jcs(statementOf(doc));
    attestationDigest(doc, 'exchange');
  });
  bench('Ed25519 strict verify (exchange)', () => {
    verifySignature('ed25519', hexToBytes(ex.publicKey), dEx, hexToBytes(ex.signature));
  });
  bench('ECDSA secp256k1 low-S verify (auditor)', () => {
    verifySignature('ecdsa-secp256k1', hexToBytes(au.publicKey), dAu, hexToBytes(au.signature));
  });
  bench('createAttestation (assemble + self-check)', () => {
    unsigned();
  });
});
