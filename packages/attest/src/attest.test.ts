/**
 * Attestation verification: every rejection of the issue as a constructed attack, asserting the
 * exact code (attacks B1, C2, C9, E1–E8).
 */
import { bytesToHex, hexToBytes, jcs, sha256, taggedHash, utf8Raw } from '@kura/codec';
import { makeRootFile } from '@kura/tree';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASSETS,
  AUDITOR_KEY,
  btcEntry,
  clone,
  EVIDENCE_BYTES,
  EXCHANGE_KEY,
  EXCHANGE_SEED,
  evidence,
  NOW,
  OTHER_SEED,
  policy,
  ROUND,
  rootJson,
  signBoth,
  signed,
  TOTALS,
  text,
  trust,
  unsigned,
} from '../test/fixtures.js';
import type { Attestation } from './attestation.js';
import { computeCoverage } from './coverage.js';
import { attestationDigest, signAttestation, statementSha256 } from './digest.js';
import { formatEvidence } from './evidence.js';
import { ecdsaCompactLowS, publicKeyOf, signDigest, verifySignature } from './sig.js';
import { trustEntry } from './trust.js';
import { type VerifyAttestationOptions, verifyAttestation } from './verify.js';

type Opts = Partial<VerifyAttestationOptions>;
const verify = (doc: Attestation | string, o: Opts = {}) =>
  verifyAttestation(typeof doc === 'string' ? doc : text(doc), { trust: trust(), now: NOW, ...o });
const codeOf = (doc: Attestation | string, o: Opts = {}) => {
  const r = verify(doc, o);
  return r.ok ? 'OK' : r.code;
};
type M = ReturnType<typeof clone<Attestation>>;
/** Change the unsigned statement, then sign it properly with both trusted keys. */
const resigned = (f: (a: M) => void, base: Attestation = unsigned()): Attestation => {
  const a = clone(base);
  f(a);
  return signBoth(a as Attestation);
};
/** Recompute coverage from the (mutated) numbers, as an honest builder would. */
const recover = (a: M): void => {
  a.coverage = clone(
    computeCoverage({
      assets: a.liabilities.assets,
      liabilities: a.liabilities.totals.map(BigInt),
      reserves: a.reserves.assets.map((x) => BigInt(x.total)),
      prices: a.prices,
      currency: a.policy.reportingCurrency,
      valueDecimals: a.coverage.overall.valueDecimals,
      requiredReserve: a.policy.requiredReserve,
      policyPass: a.policy.pass,
    })
  );
};
const N = secp256k1.Point.Fn.ORDER;
const L = ed25519.Point.Fn.ORDER;
const withSig = (a: Attestation, i: number, sigHex: string): Attestation => {
  const c = clone(a);
  c.signatures[i]!.signature = sigHex;
  return c as Attestation;
};
const highS = (sigHex: string) =>
  sigHex.slice(0, 64) + (N - BigInt(`0x${sigHex.slice(64)}`)).toString(16).padStart(64, '0');
const le32 = (n: bigint) => {
  let h = '';
  for (let i = 0; i < 32; i++)
    h += Number((n >> BigInt(8 * i)) & 0xffn)
      .toString(16)
      .padStart(2, '0');
  return h;
};

describe('a valid attestation', () => {
  it('verifies with both signers, and with root.json, evidence and the previous attestation', () => {
    const a = signed();
    const r = verify(a, { root: rootJson(), evidence: EVIDENCE_BYTES });
    expect(r).toMatchObject({
      ok: true,
      checked: { root: true, evidence: true, previous: false },
      statementSha256: statementSha256(a),
    });
    if (r.ok)
      expect(r.signers.map((s) => `${s.role}:${s.alg}:${s.name}`)).toEqual([
        'exchange:ed25519:Example K.K.',
        'auditor:ecdsa-secp256k1:Audit LLC',
      ]);
  });

  it('the auditor counter-signs without changing the statement; each digest names its role', () => {
    const once = signAttestation(unsigned(), 'exchange', EXCHANGE_KEY);
    const twice = signAttestation(once, 'auditor', AUDITOR_KEY);
    expect(statementSha256(twice)).toBe(statementSha256(once));
    expect(twice.signatures[0]).toEqual(once.signatures[0]);
    expect(bytesToHex(attestationDigest(once, 'exchange'))).toBe(
      bytesToHex(taggedHash('kura/v1/attest/exchange', jcs({ ...once, signatures: undefined })))
    );
    expect(bytesToHex(attestationDigest(once, 'exchange'))).not.toBe(
      bytesToHex(attestationDigest(once, 'auditor'))
    );
    // only the exchange has signed: fine when only the exchange is required
    expect(codeOf(once)).toBe('MISSING_SIGNATURE');
    expect(codeOf(once, { requiredRoles: ['exchange'] })).toBe('OK');
  });
});

describe('keys and roles (E2–E4)', () => {
  it('UNTRUSTED_KEY: a fresh key embedded in the document (E3-a)', () => {
    const a = signAttestation(
      signAttestation(unsigned(), 'exchange', { alg: 'ed25519', privateKey: OTHER_SEED }),
      'auditor',
      AUDITOR_KEY
    );
    expect(codeOf(a)).toBe('UNTRUSTED_KEY');
  });

  it('KEY_IN_TWO_ROLES: one key pinned for both roles, or signing in both roles', () => {
    const t = trust();
    const both = { ...t, keys: [...t.keys, { ...t.keys[0]!, role: 'auditor' as const }] };
    expect(codeOf(signed(), { trust: both })).toBe('KEY_IN_TWO_ROLES');
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
    expect(codeOf(twoRoles)).toBe('KEY_IN_TWO_ROLES');
  });

  it('WRONG_ROLE: the exchange key presented in the auditor slot (E2-a)', () => {
    const u = unsigned();
    const sig = signDigest('ed25519', EXCHANGE_SEED, attestationDigest(u, 'auditor'));
    const a: Attestation = {
      ...u,
      signatures: [
        {
          role: 'auditor',
          alg: 'ed25519',
          publicKey: bytesToHex(publicKeyOf('ed25519', EXCHANGE_SEED)),
          signature: bytesToHex(sig),
        },
      ],
    };
    expect(codeOf(a)).toBe('WRONG_ROLE');
  });

  it('DUPLICATE_SIGNATURE: the same signature twice, and the auditor signature with its high-S twin (E4-a)', () => {
    const a = signed();
    const copy = { ...a, signatures: [...a.signatures, a.signatures[1]!] };
    expect(codeOf(copy)).toBe('DUPLICATE_SIGNATURE');
    const twin = { ...a.signatures[1]!, signature: highS(a.signatures[1]!.signature) };
    expect(codeOf({ ...a, signatures: [...a.signatures, twin] })).toBe('DUPLICATE_SIGNATURE');
  });

  it('DUPLICATE_ROLE: two exchange signatures from different keys', () => {
    const a = signed();
    const other = signAttestation(unsigned(), 'exchange', {
      alg: 'ed25519',
      privateKey: OTHER_SEED,
    });
    expect(codeOf({ ...a, signatures: [...a.signatures, other.signatures[0]!] })).toBe(
      'DUPLICATE_ROLE'
    );
  });

  it('MISSING_SIGNATURE: no signatures at all', () => {
    expect(codeOf(unsigned())).toBe('MISSING_SIGNATURE');
  });

  it('KEY_NOT_VALID: the pinned key expired before the attestation was issued', () => {
    const t = trust();
    const limited = {
      ...t,
      keys: [{ ...t.keys[0]!, validUntil: '2026-12-01T00:00:00Z' }, t.keys[1]!],
    };
    expect(codeOf(signed(), { trust: limited })).toBe('KEY_NOT_VALID');
    const later = {
      ...t,
      keys: [{ ...t.keys[0]!, validFrom: '2026-12-06T00:00:00Z' }, t.keys[1]!],
    };
    expect(codeOf(signed(), { trust: later })).toBe('KEY_NOT_VALID');
  });

  it('TRUST_INVALID: a fingerprint that does not match its key; a mixed-order Ed25519 key', () => {
    const t = trust();
    const bad = { ...t, keys: [{ ...t.keys[0]!, fingerprint: '00'.repeat(32) }, t.keys[1]!] };
    expect(codeOf(signed(), { trust: bad })).toBe('TRUST_INVALID');
    const A = ed25519.Point.fromBytes(publicKeyOf('ed25519', EXCHANGE_SEED));
    const mixed = A.add(ed25519.Point.fromBytes(new Uint8Array(32))).toBytes();
    const m = { ...t, keys: [{ ...trustEntry('ed25519', mixed), role: 'exchange' as const }] };
    expect(codeOf(signed(), { trust: m })).toBe('TRUST_INVALID');
    expect(codeOf(signed(), { trust: '{"version":"kura-trust/1","keys":[],"keys":[]}' })).toBe(
      'TRUST_INVALID'
    );
  });
});

describe('signature bytes (E1, E5, E6)', () => {
  it('SIGNATURE_INVALID: any changed byte of the statement after signing', () => {
    const a = clone(signed());
    a.liabilities.totals[0] = '160000001';
    expect(codeOf(a as Attestation)).toBe('SIGNATURE_INVALID');
    const b = clone(signed());
    b.scope.excluded.pop();
    expect(codeOf(b as Attestation)).toBe('SIGNATURE_INVALID');
  });

  it('NON_CANONICAL_SIGNED: the exchange signed JSON.stringify(statement), not JCS', () => {
    const u = unsigned();
    const { signatures: _s, ...stmt } = u;
    const d = taggedHash('kura/v1/attest/exchange', utf8Raw(JSON.stringify(stmt)));
    const ex = {
      role: 'exchange' as const,
      alg: 'ed25519' as const,
      publicKey: bytesToHex(publicKeyOf('ed25519', EXCHANGE_SEED)),
      signature: bytesToHex(signDigest('ed25519', EXCHANGE_SEED, d)),
    };
    const a = signAttestation({ ...u, signatures: [ex] }, 'auditor', AUDITOR_KEY);
    expect(codeOf(a)).toBe('NON_CANONICAL_SIGNED');
  });

  it('NON_CANONICAL_ENCODING: upper-case hex, a padded amount, a non-NFC name, an uncompressed key', () => {
    const a = signed();
    const up = clone(a);
    up.signatures[1]!.publicKey = up.signatures[1]!.publicKey.toUpperCase();
    expect(codeOf(up as Attestation)).toBe('NON_CANONICAL_ENCODING');
    const pad = clone(a);
    pad.liabilities.totals[0] = '0160000000';
    expect(codeOf(pad as Attestation)).toBe('NON_CANONICAL_ENCODING');
    const nfd = clone(a);
    nfd.exchange.name = 'Exa\u0301mple';
    expect(codeOf(nfd as Attestation)).toBe('NON_CANONICAL_ENCODING');
    const unc = clone(a);
    unc.signatures[1]!.publicKey = bytesToHex(
      secp256k1.Point.fromBytes(hexToBytes(unc.signatures[1]!.publicKey)).toBytes(false)
    );
    expect(codeOf(unc as Attestation)).toBe('NON_CANONICAL_ENCODING');
  });

  it('ECDSA_HIGH_S: the auditor signature replaced by its high-S twin', () => {
    const a = signed();
    expect(codeOf(withSig(a, 1, highS(a.signatures[1]!.signature)))).toBe('ECDSA_HIGH_S');
  });

  it('ED25519_NONCANONICAL_SCALAR (S + L), ED25519_NONCANONICAL_POINT (R as y + p), ED25519_SMALL_ORDER (R of order 4)', () => {
    const a = signed();
    const sig = a.signatures[0]!.signature;
    const S = hexToBytes(sig.slice(64)).reduceRight((v, x) => (v << 8n) | BigInt(x), 0n);
    expect(codeOf(withSig(a, 0, sig.slice(0, 64) + le32(S + L)))).toBe(
      'ED25519_NONCANONICAL_SCALAR'
    );
    let y = 2n;
    for (; y < 19n; y++)
      try {
        ed25519.Point.fromHex(le32(y));
        break;
      } catch {}
    const P = ed25519.Point.Fp.ORDER;
    expect(codeOf(withSig(a, 0, le32(y + P) + sig.slice(64)))).toBe('ED25519_NONCANONICAL_POINT');
    expect(codeOf(withSig(a, 0, '00'.repeat(32) + sig.slice(64)))).toBe('ED25519_SMALL_ORDER');
  });

  it('strict JSON: JSON_DUPLICATE_KEY (E1-a), JSON_NUMBER for amounts (E1-b), lone surrogate, __proto__', () => {
    const t = text(signed());
    expect(codeOf(t.replace('"totals": [', '"totals": ["1", "2", "3"],\n    "totals": ['))).toBe(
      'JSON_DUPLICATE_KEY'
    );
    expect(codeOf(t.replace('"160000000"', '160000000'))).toBe('JSON_NUMBER');
    expect(codeOf(t.replace('"160000000"', '9007199254740993'))).toBe('JSON_NUMBER');
    expect(codeOf(t.replace('"Audit LLC"', '"\\ud800"'))).toBe('JSON_SURROGATE');
    expect(
      codeOf(
        t.replace(
          '"version": "kura-attestation/1"',
          '"__proto__": {}, "version": "kura-attestation/1"'
        )
      )
    ).toBe('JSON_FORBIDDEN_KEY');
  });

  it('SCHEMA: no scope (B1-a), an extra "solvent": true member', () => {
    const { scope: _s, ...noScope } = signed();
    expect(codeOf(text(noScope))).toBe('SCHEMA');
    expect(codeOf(text({ ...signed(), solvent: true }))).toBe('SCHEMA');
  });
});

describe("the document's own numbers (C9, E8)", () => {
  it('COVERAGE_MISMATCH: a stored verdict that does not follow from the numbers (C9-b: reserves 0, pass true)', () => {
    expect(
      codeOf(
        resigned((a) => {
          for (const r of a.reserves.assets) {
            r.total = '0';
            r.customerCold = '0';
            r.customerHot = '0';
            r.exchangeOwn = '0';
          }
          // (the in-kind check would count the old holdings: POLICY_CHECK_MISMATCH; drop it)
          a.policy.checks = a.policy.checks.filter((c) => !c.id.startsWith('inKind:'));
        })
      )
    ).toBe('COVERAGE_MISMATCH');
    expect(
      codeOf(
        resigned((a) => {
          a.coverage.assets[0]!.ratioBps = '10626';
        })
      )
    ).toBe('COVERAGE_MISMATCH');
    expect(
      codeOf(
        resigned((a) => {
          a.coverage.overall.liabilitiesValue = '26135225';
        })
      )
    ).toBe('COVERAGE_MISMATCH');
    // a failing document that claims to pass
    expect(
      codeOf(
        resigned((a) => {
          a.policy = clone(policy(false));
          a.coverage.policyPass = false;
        })
      )
    ).toBe('COVERAGE_MISMATCH');
  });

  it('ROOT_COMMITMENT_MISMATCH, ROUND_ID_MISMATCH, ASSET_SET_MISMATCH, RESERVES_SUM_MISMATCH', () => {
    expect(
      codeOf(
        resigned((a) => {
          a.liabilities.totals[0] = '1';
          recover(a);
        })
      )
    ).toBe('ROOT_COMMITMENT_MISMATCH');
    expect(
      codeOf(
        resigned((a) => {
          a.roundId = '00'.repeat(32);
        })
      )
    ).toBe('ROUND_ID_MISMATCH');
    expect(
      codeOf(
        resigned((a) => {
          a.liabilities.assetSetHash = '00'.repeat(32);
        })
      )
    ).toBe('ASSET_SET_MISMATCH');
    expect(
      codeOf(
        resigned((a) => {
          a.reserves.assets[0]!.customerHot = '1';
        })
      )
    ).toBe('RESERVES_SUM_MISMATCH');
  });

  it('PRICE_MISMATCH: a price other than the policy inputs used; a price in another currency', () => {
    expect(
      codeOf(
        resigned((a) => {
          a.prices[0]!.price = '16000000';
          recover(a);
        })
      )
    ).toBe('PRICE_MISMATCH');
    expect(
      codeOf(
        resigned((a) => {
          a.prices[1]!.currency = 'USD';
        })
      )
    ).toBe('PRICE_MISMATCH');
  });

  it('POLICY_MISMATCH: policy.pass true while a check fails', () => {
    expect(
      codeOf(
        resigned((a) => {
          a.policy.checks[0]!.required = '1.8';
          a.policy.checks[0]!.pass = false;
        })
      )
    ).toBe('POLICY_MISMATCH');
  });

  it('NOT_COVERED: an authentic, consistent document reporting failure is never "verified"', () => {
    // reserves value 28150250 ≥ 26135226 + 2015024: passes exactly at the boundary
    const short = signBoth(unsigned({ policy: policy(true, '2015025') }));
    // reserves value 28150250 < 26135226 + 2015025 = 28150251
    const r = verify(short);
    expect(r).toMatchObject({ ok: false, code: 'NOT_COVERED' });
    if (!r.ok) expect(r.attestation?.coverage.overall.surplus).toBe('-1');
    expect(codeOf(signBoth(unsigned({ policy: policy(true, '2015024') })))).toBe('OK');
    expect(codeOf(signBoth(unsigned({ policy: policy(false) })))).toBe('NOT_COVERED');
    expect(codeOf(signBoth(unsigned({ totals: [170000001n, 1n, 1n] })))).toBe('NOT_COVERED');
  });
});

describe('time (E7)', () => {
  it('EXPIRED, ISSUED_IN_FUTURE (E7-a), ISSUED_BEFORE_SNAPSHOT', () => {
    expect(codeOf(signed(), { now: Date.parse('2027-01-09T00:00:00Z') })).toBe('EXPIRED');
    expect(codeOf(signed(), { now: Date.parse('2026-12-04T23:00:00Z') })).toBe('ISSUED_IN_FUTURE');
    expect(codeOf(signed(), { now: Date.parse('2026-12-04T23:56:00Z') })).toBe('OK'); // 4 min skew
    // the Bitcoin snapshot block is 15:02:11, after the round's 15:00:00
    expect(
      codeOf(
        resigned((a) => {
          a.issuedAt = '2026-11-30T15:01:00Z';
        }),
        { now: Date.parse('2026-12-01T00:00:00Z') }
      )
    ).toBe('ISSUED_BEFORE_SNAPSHOT');
  });
});

describe('snapshot skew (C1-b)', () => {
  const now = { now: Date.parse('2026-12-04T23:56:00Z') };
  it('SNAPSHOT_SKEW: reserves counted at a block months away from the liabilities snapshot', () => {
    const far = resigned((a) => {
      a.reserves.snapshots[0].time = '2026-09-01T00:00:00Z';
    });
    expect(codeOf(far, now)).toBe('SNAPSHOT_SKEW');
  });
  it('a block 23 hours before passes the default 24 h tolerance; a 1 h tolerance refuses it', () => {
    const near = resigned((a) => {
      a.reserves.snapshots[0].time = '2026-11-29T16:00:00Z';
    });
    expect(codeOf(near, now)).toBe('OK');
    expect(codeOf(near, { ...now, maxSnapshotSkewMs: 3600_000 })).toBe('SNAPSHOT_SKEW');
  });
});

describe('root.json', () => {
  it('ROOT_TOTALS_MISMATCH: the attestation states other totals than the tree root file', () => {
    // the attestation is internally consistent for 1.6 BTC; the published tree says 1.65 BTC
    expect(
      codeOf(signed(), { root: rootJson([165000000n, 4000000000000000000n, 900000000n]) })
    ).toBe('ROOT_TOTALS_MISMATCH');
  });
  it('ROOT_MISMATCH and ROOT_FILE_INVALID', () => {
    const other = JSON.parse(rootJson()) as { rootHash: string };
    expect(codeOf(signed(), { root: JSON.stringify({ ...other, height: 21 }) })).toBe(
      'ROOT_FILE_INVALID'
    );
    expect(codeOf(signed(), { root: '{' })).toBe('ROOT_FILE_INVALID');
    expect(
      codeOf(
        resigned((a) => {
          a.liabilities.rootHash = '5b'.repeat(32);
          a.liabilities.rootCommitment = JSON.parse(rootJsonWithHash('5b')).rootCommitment;
        }),
        { root: rootJson() }
      )
    ).toBe('ROOT_MISMATCH');
  });
});

function rootJsonWithHash(byte: string): string {
  return JSON.stringify(
    makeRootFile({
      round: ROUND,
      assets: ASSETS,
      placement: 'dense',
      height: 20,
      rootHash: hexToBytes(byte.repeat(32)),
      totals: TOTALS,
    })
  );
}

describe('evidence file (C2, E8)', () => {
  const bindEvidence = (evText: string) =>
    resigned((a) => {
      a.reserves.evidenceSha256 = bytesToHex(sha256(utf8Raw(evText)));
    });

  it('EVIDENCE_HASH_MISMATCH: one address removed from the evidence, attestation unchanged (E8-a)', () => {
    const ev = clone(evidence());
    ev.entries.pop();
    expect(codeOf(signed(), { evidence: utf8Raw(formatEvidence(ev)) })).toBe(
      'EVIDENCE_HASH_MISMATCH'
    );
    // re-formatting alone changes the bytes: the hash is over the exact file
    expect(codeOf(signed(), { evidence: utf8Raw(JSON.stringify(evidence())) })).toBe(
      'EVIDENCE_HASH_MISMATCH'
    );
  });

  it('EVIDENCE_DUPLICATE_ADDRESS / _UTXO / _BALANCE in a file the attestation binds', () => {
    const dupAddr = clone(evidence());
    dupAddr.entries.push(
      btcEntry('BC1QCOLD', 'customer-hot', [{ txid: '09'.repeat(32), vout: 0, value: '5' }])
    );
    const t1 = formatEvidence(dupAddr);
    expect(codeOf(bindEvidence(t1), { evidence: utf8Raw(t1) })).toBe('EVIDENCE_DUPLICATE_ADDRESS');
    const dupUtxo = clone(evidence());
    dupUtxo.entries.push(
      btcEntry('bc1qother', 'customer-hot', [
        { txid: '01'.repeat(32), vout: 0, value: '100000000' },
      ])
    );
    const t2 = formatEvidence(dupUtxo);
    expect(codeOf(bindEvidence(t2), { evidence: utf8Raw(t2) })).toBe('EVIDENCE_DUPLICATE_UTXO');
    const dupTok = clone(evidence());
    dupTok.entries.push({
      ...clone(dupTok.entries[2]!),
      custody: 'customer-hot',
      balances: [clone(dupTok.entries[2]!.balances[1]!)],
    });
    const t3 = formatEvidence(dupTok);
    expect(codeOf(bindEvidence(t3), { evidence: utf8Raw(t3) })).toBe('EVIDENCE_DUPLICATE_BALANCE');
  });

  it('EVIDENCE_TOTALS_MISMATCH: reserves stated above what the evidence sums to', () => {
    const a = resigned((x) => {
      x.reserves.assets[0]!.total = '170000100';
      x.reserves.assets[0]!.customerCold = '150000100';
      x.policy.checks[0]!.actual = '1.70000100';
      recover(x);
    });
    expect(codeOf(a)).toBe('OK');
    expect(codeOf(a, { evidence: EVIDENCE_BYTES })).toBe('EVIDENCE_TOTALS_MISMATCH');
  });

  it('EVIDENCE_INVALID, EVIDENCE_ROUND_MISMATCH, EVIDENCE_SNAPSHOT_MISMATCH', () => {
    const bad = '{"version":"kura-evidence/1","version":"x"}';
    expect(codeOf(bindEvidence(bad), { evidence: utf8Raw(bad) })).toBe('EVIDENCE_INVALID');
    const snap = resigned((a) => {
      a.reserves.snapshots[0]!.height = 839_999;
    });
    expect(codeOf(snap, { evidence: EVIDENCE_BYTES })).toBe('EVIDENCE_SNAPSHOT_MISMATCH');
    const other = clone(evidence());
    other.round.period = '2026-10';
    const t = formatEvidence(other);
    expect(codeOf(bindEvidence(t), { evidence: utf8Raw(t) })).toBe('EVIDENCE_ROUND_MISMATCH');
  });
});

describe('hash chain (E7)', () => {
  const october = (): Attestation =>
    resigned((a) => {
      a.round.period = '2026-10';
      a.round.snapshotTime = '2026-10-31T15:00:00Z';
    });

  it('a chained attestation verifies with its predecessor', () => {
    const prev = october();
    const cur = signBoth(unsigned({ previous: prev }));
    expect(cur.sequence).toBe(2);
    expect(cur.previousSha256).toBe(statementSha256(prev));
    expect(codeOf(cur, { previous: text(prev) })).toBe('OK');
    // an auditor signature added to the previous later does not break the chain
    const { signatures, ...stmt } = prev;
    expect(codeOf(cur, { previous: text({ ...stmt, signatures: signatures.slice(0, 1) }) })).toBe(
      'OK'
    );
  });

  it('PREVIOUS_HASH_MISMATCH: history rewritten; SEQUENCE_MISMATCH; PREVIOUS_MISMATCH; PREVIOUS_INVALID', () => {
    const prev = october();
    const cur = signBoth(unsigned({ previous: prev }));
    const rewritten = clone(prev);
    rewritten.liabilities.totals[0] = '1';
    expect(codeOf(cur, { previous: text(rewritten) })).toBe('PREVIOUS_HASH_MISMATCH');
    expect(codeOf(signed(), { previous: text(prev) })).toBe('PREVIOUS_HASH_MISMATCH'); // first claims none
    const skip = resigned(
      (a) => {
        a.sequence = 3;
      },
      unsigned({ previous: prev })
    );
    expect(codeOf(skip, { previous: text(prev) })).toBe('SEQUENCE_MISMATCH');
    const later = clone(prev);
    later.round.snapshotTime = '2026-12-31T15:00:00Z';
    const cur2 = resigned((a) => {
      a.previousSha256 = statementSha256(later as Attestation);
    });
    const fixed = clone(cur2);
    fixed.sequence = 2;
    expect(
      codeOf(
        resigned(() => {}, { ...(fixed as Attestation), signatures: [] }),
        { previous: text(later) }
      )
    ).toBe('PREVIOUS_MISMATCH');
    expect(codeOf(cur, { previous: '[]' })).toBe('PREVIOUS_INVALID');
  });
});

describe('a signer that signs elsewhere (a PKCS#11 token: issue 14)', () => {
  const seed = hexToBytes('42'.repeat(32));
  const N = secp256k1.Point.Fn.ORDER;
  const highS = (sig: Uint8Array) => {
    const s = BigInt(`0x${bytesToHex(sig.subarray(32))}`);
    const out = Uint8Array.from(sig);
    out.set(hexToBytes((N - s).toString(16).padStart(64, '0')), 32);
    return out;
  };
  it('ecdsaCompactLowS turns raw high-S and DER signatures into the file-key form', () => {
    const d = sha256(utf8Raw('digest'));
    const low = signDigest('ecdsa-secp256k1', seed, d);
    expect(ecdsaCompactLowS(low)).toEqual(low);
    expect(ecdsaCompactLowS(highS(low))).toEqual(low);
    const der = secp256k1.Signature.fromBytes(highS(low), 'compact').toBytes('der');
    expect(ecdsaCompactLowS(der)).toEqual(low);
    expect(() => ecdsaCompactLowS(new Uint8Array(10))).toThrow(/"signature"/);
    expect(() => ecdsaCompactLowS(new Uint8Array(64))).toThrow(/"signature"/); // r = s = 0
  });
  it('property: any signature, either S, raw or DER → the one low-S compact form, which verifies', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.boolean(),
        fc.boolean(),
        (key, digest, flip, der) => {
          let k: Uint8Array;
          try {
            k = Uint8Array.from(key);
            publicKeyOf('ecdsa-secp256k1', k);
          } catch {
            return; // not a valid scalar
          }
          const low = signDigest('ecdsa-secp256k1', k, digest);
          const raw = flip ? highS(low) : low;
          const given = der ? secp256k1.Signature.fromBytes(raw, 'compact').toBytes('der') : raw;
          const n = ecdsaCompactLowS(given);
          expect(n).toEqual(low);
          expect(
            verifySignature('ecdsa-secp256k1', publicKeyOf('ecdsa-secp256k1', k), digest, n)
          ).toEqual({ ok: true });
        }
      ),
      { numRuns: 200 }
    );
  });
  it('signAttestation with a DigestSigner gives the signature a file key gives (Ed25519)', () => {
    const pk = publicKeyOf('ed25519', seed);
    const signer = {
      alg: 'ed25519' as const,
      publicKey: pk,
      signDigest: (d: Uint8Array) => signDigest('ed25519', seed, d),
    };
    expect(signAttestation(unsigned(), 'exchange', signer)).toEqual(
      signAttestation(unsigned(), 'exchange', { alg: 'ed25519', privateKey: seed })
    );
  });
  it('refuses a signer whose signature does not verify (a high-S or a wrong-key token reply)', () => {
    const pk = publicKeyOf('ecdsa-secp256k1', seed);
    const bad = {
      alg: 'ecdsa-secp256k1' as const,
      publicKey: pk,
      signDigest: (d: Uint8Array) => highS(signDigest('ecdsa-secp256k1', seed, d)),
    };
    expect(() => signAttestation(unsigned(), 'exchange', bad)).toThrow(/ECDSA_HIGH_S/);
    const other = {
      ...bad,
      signDigest: (d: Uint8Array) => signDigest('ecdsa-secp256k1', hexToBytes('43'.repeat(32)), d),
    };
    expect(() => signAttestation(unsigned(), 'exchange', other)).toThrow(/SIGNATURE_INVALID/);
  });
});
