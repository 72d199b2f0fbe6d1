/**
 * Fuzzing the liabilities and attestation parsers and verifiers (fast-check): strict JSON,
 * proof JSON, root.json, the tree builder's CSV / JSON Lines input, attestations, evidence files
 * and trust files. Random and mutated inputs never crash (verifiers return a result; parsers
 * throw only KuraError), never hang (a per-case time bound), and a mutated committed or signed
 * object (proof, attestation, evidence bytes, pinned keys) never verifies.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parseAttestationBytes,
  parseEvidenceBytes,
  type parseTrust,
  parseTrustBytes,
  validateEvidence,
  verifyAttestation,
} from '@kura/attest';
import {
  bytesToHex,
  hexToBytes,
  InputError,
  JsonParseError,
  parseJsonBytes,
  utf8Raw,
} from '@kura/codec';
import { buildTree, parseAssets, parseRootFile, parseRound, verifyProof } from '@kura/tree';
import { buildTreeStore } from '@kura/tree/node';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ASSETS,
  EVIDENCE_BYTES,
  evidence,
  NOW,
  rootJson,
  signBoth,
  text,
  trust,
  trustJson,
  unsigned,
} from '../../packages/attest/test/fixtures.js';
import {
  byteMutationsOf,
  expectRefused,
  type Json,
  mutationsOf,
  throwsOnlyKuraError,
  timed,
} from './fuzz-helpers.js';

const round = parseRound({
  exchange: 'fuzz-exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
});
const assets = parseAssets([
  { symbol: 'BTC', decimals: 8 },
  { symbol: 'ETH', decimals: 18 },
]);
const secret = hexToBytes('42'.repeat(32));
const tree = buildTree({
  round,
  assets,
  masterSecret: secret,
  users: Array.from({ length: 11 }, (_, i) => ({
    uid: `user-${i}`,
    balances: [BigInt(i * 1000), BigInt(i) * 10n ** 17n],
  })),
  placement: 'sparse',
  height: 12,
});
const RC = bytesToHex(tree.rootCommitment);
const proofs = tree.leaves.map((l) => tree.proof(l.uid) as unknown as Json);

describe('strict JSON (codec)', () => {
  it('random bytes and mutated JSON: a value or a JsonParseError, never another exception', () => {
    const doc = utf8Raw(text(signBoth(unsigned())));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), byteMutationsOf(doc)), (b) => {
        try {
          timed(() => parseJsonBytes(b));
        } catch (e) {
          expect(e).toBeInstanceOf(JsonParseError);
        }
      }),
      { numRuns: 300 }
    );
  });

  it('deep nesting is refused, not a stack overflow', () => {
    const deep = utf8Raw(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(() => timed(() => parseJsonBytes(deep))).toThrow(JsonParseError);
  });
});

describe('proof JSON (tree verifier)', () => {
  it('proof JSON: random and mutated proofs never throw, never hang, never verify', () => {
    const mutated = fc
      .constantFrom(...proofs)
      .chain((p) => mutationsOf(p))
      .map((m) => m as unknown);
    fc.assert(
      fc.property(fc.oneof(mutated, fc.jsonValue({ maxDepth: 4 })), (p) => {
        const r = timed(() =>
          verifyProof(p, { rootCommitment: RC, round: tree.round, assets: tree.assets })
        );
        expectRefused(r);
        const r2 = timed(() => verifyProof(p, { rootCommitment: RC }));
        expectRefused(r2);
      }),
      { numRuns: 600 }
    );
  });

  it('byte-mutated proof files: a strict-parse error or a refusal, never success', () => {
    const bytes = utf8Raw(JSON.stringify(proofs[3], null, 2));
    fc.assert(
      fc.property(byteMutationsOf(bytes), (b) => {
        let v: unknown;
        try {
          v = parseJsonBytes(b);
        } catch (e) {
          expect(e).toBeInstanceOf(JsonParseError);
          return;
        }
        // whitespace-only changes parse to the same proof: that one must still verify
        const same = JSON.stringify(v) === JSON.stringify(proofs[3]);
        expect(timed(() => verifyProof(v, { rootCommitment: RC })).ok).toBe(same);
      }),
      { numRuns: 300 }
    );
  });

  it('hostile expectations (bad root, round, assets) fail closed', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }), (a, b) => {
        const r = timed(() =>
          verifyProof(proofs[0], {
            rootCommitment: typeof a === 'string' ? a : RC.toUpperCase(),
            round: b as never,
            assets: a as never,
          })
        );
        expectRefused(r);
      }),
      { numRuns: 200 }
    );
  });
});

describe('root.json', () => {
  it('parseRootFile: mutations either refuse with a KuraError or keep a self-consistent root', () => {
    const root = JSON.parse(rootJson()) as Json;
    fc.assert(
      fc.property(fc.oneof(mutationsOf(root), fc.jsonValue({ maxDepth: 3 })), (m) => {
        const r = throwsOnlyKuraError(() => parseRootFile(m));
        // a mutated root file must never parse: every field is bound into rootCommitment
        expect(r.threw).toBe(true);
      }),
      { numRuns: 400 }
    );
  });
});

describe('tree builder input (CSV / JSON Lines)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kura-fuzz-input-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const build = async (name: string, body: string | Uint8Array) => {
    const input = join(dir, `${name}-${n++}`);
    writeFileSync(input, body);
    return buildTreeStore({
      input,
      round,
      assets,
      masterSecret: secret,
      out: join(dir, `out-${n}`),
      workers: 0,
      chunkBytes: 64,
    });
  };
  const users = fc.uniqueArray(
    fc.record({
      uid: fc.stringMatching(/^[A-Za-z0-9_.@-]{1,12}$/),
      btc: fc.bigInt({ min: 0n, max: 10n ** 15n }),
      eth: fc.bigInt({ min: 0n, max: 10n ** 24n }),
    }),
    { minLength: 1, maxLength: 12, selector: (u) => u.uid }
  );
  const fmt = (x: bigint, d: number) => {
    const s = x.toString().padStart(d + 1, '0');
    const frac = s.slice(-d).replace(/0+$/, '');
    return frac ? `${s.slice(0, -d)}.${frac}` : s.slice(0, -d);
  };

  it('valid random files: CSV and JSON Lines give the root of the in-memory builder', async () => {
    await fc.assert(
      fc.asyncProperty(users, fc.boolean(), async (us, jsonl) => {
        const body = jsonl
          ? us
              .map(
                (u) =>
                  `${JSON.stringify({ uid: u.uid, balances: { ETH: fmt(u.eth, 18), BTC: fmt(u.btc, 8) } })}\n`
              )
              .join('')
          : `uid,BTC,ETH\n${us.map((u) => `${u.uid},${fmt(u.btc, 8)},${fmt(u.eth, 18)}\n`).join('')}`;
        const r = await build(jsonl ? 'v.jsonl' : 'v.csv', body);
        const mem = buildTree({
          round,
          assets,
          masterSecret: secret,
          users: us.map((u) => ({ uid: u.uid, balances: [u.btc, u.eth] })),
        });
        expect(r.root.rootCommitment).toBe(bytesToHex(mem.rootCommitment));
        expect(r.users).toBe(us.length);
      }),
      { numRuns: 15 }
    );
  });

  it('mutated files: the same root (if the mutation kept the rows) or an InputError, never a crash', async () => {
    const base = 'uid,BTC,ETH\nalice,0.5,1.25\nbob,0,0.000000000000000001\ncarol,21000000,0\n';
    const expected = buildTree({
      round,
      assets,
      masterSecret: secret,
      users: [
        { uid: 'alice', balances: [50_000_000n, 1_250_000_000_000_000_000n] },
        { uid: 'bob', balances: [0n, 1n] },
        { uid: 'carol', balances: [2_100_000_000_000_000n, 0n] },
      ],
    });
    const rc = bytesToHex(expected.rootCommitment);
    expect((await build('base.csv', base)).root.rootCommitment).toBe(rc);
    await fc.assert(
      fc.asyncProperty(byteMutationsOf(utf8Raw(base)), async (b) => {
        try {
          const r = await build('m.csv', b);
          // a mutation that still parses is a different (valid) book: the builder must not
          // silently drop or merge rows — check the user count against the data rows
          const rows = new TextDecoder().decode(b).replace(/\r/g, '').split('\n').slice(1);
          expect(r.users).toBe(rows.filter((l) => l.length > 0).length);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          expect(e.message).toMatch(/m\.csv/);
        }
      }),
      { numRuns: 40 }
    );
  });
});

describe('attestation, evidence and trust files', () => {
  const signed = signBoth(unsigned());
  const signedText = text(signed);
  const ok = verifyAttestation(signedText, {
    trust: trust(),
    now: NOW,
    root: rootJson(),
    evidence: EVIDENCE_BYTES,
  });

  it('baseline: the fixture verifies with root.json and the evidence file', () => {
    expect(ok.ok).toBe(true);
  });

  it('a structurally mutated signed attestation never verifies and never throws', () => {
    fc.assert(
      fc.property(mutationsOf(JSON.parse(signedText) as Json), (m) => {
        const r = timed(() => verifyAttestation(text(m), { trust: trust(), now: NOW }));
        expectRefused(r);
      }),
      { numRuns: 150 }
    );
  });

  it('byte-mutated attestation files never verify unless they parse to the same document', () => {
    const bytes = utf8Raw(signedText);
    fc.assert(
      fc.property(byteMutationsOf(bytes), (b) => {
        const r = timed(() => verifyAttestation(b, { trust: trust(), now: NOW }));
        if (r.ok) {
          // only insignificant whitespace may change
          expect(JSON.stringify(JSON.parse(new TextDecoder().decode(b)))).toBe(
            JSON.stringify(JSON.parse(signedText))
          );
        }
        throwsOnlyKuraError(() => parseAttestationBytes(b));
      }),
      { numRuns: 120 }
    );
  });

  it('evidence bytes: any change is EVIDENCE_HASH_MISMATCH (or refused earlier), never verified', () => {
    fc.assert(
      fc.property(byteMutationsOf(EVIDENCE_BYTES), (b) => {
        const r = timed(() =>
          verifyAttestation(signedText, { trust: trust(), now: NOW, evidence: b })
        );
        expect(r).toMatchObject({ ok: false, code: 'EVIDENCE_HASH_MISMATCH' });
        throwsOnlyKuraError(() => parseEvidenceBytes(b));
      }),
      { numRuns: 80 }
    );
  });

  it('evidence structure: parse throws only KuraError; validateEvidence never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(mutationsOf(JSON.parse(JSON.stringify(evidence())) as Json), fc.jsonValue()),
        (m) => {
          const r = throwsOnlyKuraError(() => parseEvidenceBytes(utf8Raw(JSON.stringify(m))));
          if (!r.threw) {
            const v = timed(() => validateEvidence(r.value as never, { assets: ASSETS }));
            expect(typeof v.ok).toBe('boolean');
          }
        }
      ),
      { numRuns: 400 }
    );
  });

  it('trust files: never a crash; a mutated trust file verifies only if its pinned keys are unchanged', () => {
    const keyset = (t: ReturnType<typeof parseTrust>) =>
      JSON.stringify(
        t.keys.map((k) => [k.role, k.alg, k.publicKey, k.validFrom ?? '', k.validUntil ?? ''])
      );
    const want = keyset(trust());
    fc.assert(
      fc.property(
        fc.oneof(
          mutationsOf(JSON.parse(trustJson()) as Json).map((m) => utf8Raw(JSON.stringify(m))),
          byteMutationsOf(utf8Raw(trustJson())),
          fc.uint8Array({ maxLength: 200 })
        ),
        (b) => {
          const r = timed(() => verifyAttestation(signedText, { trust: b, now: NOW }));
          expect(typeof r.ok).toBe('boolean');
          const parsed = throwsOnlyKuraError(() => parseTrustBytes(b));
          if (r.ok) {
            expect(parsed.threw).toBe(false);
            expect(keyset(parsed.value as ReturnType<typeof parseTrust>)).toBe(want);
          }
        }
      ),
      { numRuns: 150 }
    );
  });
});
