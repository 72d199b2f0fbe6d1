/**
 * The attestation checks of `kura audit`, through `@kura/attest` `verifyAttestation`:
 * - `attestation`: the exchange's signature against the pinned key, every number of the
 *   document, its validity period, and its agreement with the published root.json and
 *   evidence.json (exact bytes);
 * - `chain`: the hash chain — sequence 1 starts it (`previousSha256` null); a later sequence
 *   needs the previous attestation, whose statement must hash to `previousSha256`.
 * @module
 */
import {
  COULD_NOT_CHECK_CODES,
  parseTrustBytes,
  type SigAlg,
  type TrustFile,
  verifyAttestation,
} from '@kura/attest';
import { InputError, readJson } from '@kura/codec';
import { checkVersion, DOCUMENTS } from '@kura/codec/node';
import { type AuditCheck, Check, messageOf } from './check.js';
import type { Publication } from './publication.js';

/** Inputs of the attestation checks. */
export interface AttestationCheckInput {
  readonly pub: Publication;
  /** Trust file bytes and where they came from. */
  readonly trust: { readonly bytes: Uint8Array; readonly source: string; readonly own: boolean };
  readonly auditorKey: {
    readonly alg: SigAlg;
    readonly publicKey: string;
    readonly fingerprint: string;
  };
  readonly previous?: { readonly bytes: Uint8Array; readonly file: string };
  /** "now" for the validity period (ms). */
  readonly now: number;
}

/** Run the `attestation` and `chain` checks. */
export function checkAttestation(i: AttestationCheckInput): {
  attestation: AuditCheck;
  chain: AuditCheck;
} {
  const c = new Check(
    'attestation',
    "Exchange signature, the document's numbers, root and evidence"
  );
  const ch = new Check('chain', 'Hash chain to the previous attestation');
  const { pub } = i;
  const att = pub.attestation;
  c.fact('trust file', i.trust.source);
  if (!i.trust.own)
    c.note(
      "the exchange's key is pinned by the publication's own trust.json: pin it from an independent channel with --trust"
    );
  let trust: TrustFile | undefined;
  try {
    trust = parseTrustBytes(i.trust.bytes);
  } catch (e) {
    c.error(
      `the trust file ${i.trust.source} is invalid: ${kindOf(i.trust.bytes, i.trust.source) ?? messageOf(e)}`
    );
  }
  if (trust) {
    const k = i.auditorKey;
    const pinned = trust.keys.find((t) => t.alg === k.alg && t.publicKey === k.publicKey);
    if (!pinned)
      c.note(
        `the auditor key ${k.fingerprint.slice(0, 16)}… is not pinned in ${i.trust.source}: readers of the counter-signed attestation need it there (role auditor)`
      );
    else if (pinned.role !== 'auditor')
      c.error(`the auditor key is pinned for the role ${pinned.role}, not auditor`);
  }
  if (!att || !trust || !pub.files.root || !pub.files.evidence) {
    if (!att) c.fail('attestation.json does not parse (see the publication check)');
    else if (trust) c.fail('root.json or evidence.json is missing (see the publication check)');
    ch.error('the attestation could not be read');
    return { attestation: c.done(''), chain: ch.done('') };
  }
  const r = verifyAttestation(pub.attestationBytes, {
    trust,
    requiredRoles: ['exchange'],
    now: i.now,
    root: pub.files.root,
    evidence: pub.files.evidence,
    noPrevious: true, // the chain is the separate check below, which fails without --previous
  });
  c.fact('exchange', `${att.exchange.name} (${att.exchange.id})`);
  c.fact('period', `${att.round.period}, snapshot ${att.round.snapshotTime}`);
  c.fact('sequence', att.sequence);
  c.fact('issued / expires', `${att.issuedAt} / ${att.expiresAt}`);
  if (r.ok) {
    c.fact('statement SHA-256', r.statementSha256);
    for (const s of r.signers)
      c.fact(
        `${s.role} signature`,
        `${s.alg} ${s.fingerprint.slice(0, 16)}…${s.name ? ` (${s.name})` : ''}: valid`
      );
  } else if (COULD_NOT_CHECK_CODES.includes(r.code)) c.error(`${r.code}: ${r.message}`);
  else c.fail(`verifyAttestation: ${r.code}: ${r.message}`);

  // the hash chain
  ch.fact('sequence', att.sequence);
  ch.fact('previousSha256', att.previousSha256 ?? 'null');
  if (att.sequence === 1 && att.previousSha256 === null) {
    ch.note('the first attestation of this exchange: it starts the chain');
  } else if (!i.previous) {
    ch.error(
      `sequence ${att.sequence} links to a previous attestation (${att.previousSha256}): give it with --previous <file>`
    );
  } else {
    ch.fact('previous attestation', i.previous.file);
    const p = verifyAttestation(pub.attestationBytes, {
      trust,
      requiredRoles: ['exchange'],
      now: i.now,
      previous: i.previous.bytes,
    });
    if (p.ok) ch.fact('link', 'the previous statement hashes to previousSha256');
    else if (/^(PREVIOUS_|SEQUENCE_)/.test(p.code)) ch.fail(`${p.code}: ${p.message}`);
    else ch.error(`the chain was not checked: the attestation itself does not verify (${p.code})`);
  }
  return {
    attestation: c.done(
      `the exchange's signature and every number verify; root.json and evidence.json are the attested ones`
    ),
    chain: ch.done(
      att.sequence === 1
        ? 'first attestation (previousSha256 null)'
        : 'previousSha256 links to the previous statement'
    ),
  };
}

/** "this is a kura-… document, expected a trust file" when `bytes` are another kind of document. */
function kindOf(bytes: Uint8Array, source: string): string | undefined {
  try {
    readJson(bytes, (v) => checkVersion(v, source, DOCUMENTS.trust), { file: source });
  } catch (e) {
    return e instanceof InputError && e.location.field === 'version' ? e.reason : undefined;
  }
  return undefined;
}
