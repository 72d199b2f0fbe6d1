/**
 * The `xrpl-tx` ownership proof (SPEC §11.3) with real signatures made by the `xrpl` library:
 * master keys (Ed25519, secp256k1), regular key, SignerList quorum — and every way a blob could
 * be submittable, or signed by the wrong key, refused with its own code (ATTACKS S17-x…).
 */
import { ownershipChallenge } from '@kura/tree';
import fc from 'fast-check';
import { decode, encode, encodeForMultisigning } from 'ripple-binary-codec';
import { sign } from 'ripple-keypairs';
import { describe, expect, it } from 'vitest';
import { multisign, type Wallet } from 'xrpl';
import {
  ED,
  K1,
  LAST_MONTH,
  multiSignTx,
  REG,
  ROUND,
  S1,
  S2,
  S3,
  signTx,
  txFor,
} from '../test/sign.js';
import type { AccountState } from './ledger.js';
import { LSF_DISABLE_MASTER } from './ledger.js';
import { checkOwnershipBlob, verifyOwnership } from './ownership.js';

/** Multi-sign as `account` with `w`'s key (a signer using its regular key). */
function signAs(w: Wallet, account: string, tx: Record<string, unknown>): string {
  const t = { ...tx, SigningPubKey: '' };
  const sig = sign(encodeForMultisigning(t as never, account), w.privateKey);
  return encode({
    ...t,
    Signers: [{ Signer: { Account: account, SigningPubKey: w.publicKey, TxnSignature: sig } }],
  } as never);
}

const challenge = ownershipChallenge(ROUND);
const ctx = (account: string, chain = 'xrpl:0') => ({ chain, account, challenge });
const acct = (address: string, extra: Partial<AccountState> = {}): AccountState => ({
  address,
  balance: 50_000_000n,
  flags: 0,
  ownerCount: 0,
  sequence: 7,
  lines: [],
  ...extra,
});
const lookupOf =
  (states: AccountState[]) =>
  async (a: string): Promise<AccountState | null> =>
    states.find((s) => s.address === a) ?? null;

describe('xrpl-tx: keys that may sign', () => {
  it('accepts the master key, Ed25519', async () => {
    const blob = signTx(ED, txFor(ED.classicAddress));
    const r = await verifyOwnership(
      blob,
      ctx(ED.classicAddress),
      lookupOf([acct(ED.classicAddress)])
    );
    expect(r).toMatchObject({ ok: true, key: 'master' });
  });
  it('accepts the master key, secp256k1', async () => {
    const blob = signTx(K1, txFor(K1.classicAddress));
    const r = await verifyOwnership(
      blob,
      ctx(K1.classicAddress),
      lookupOf([acct(K1.classicAddress)])
    );
    expect(r).toMatchObject({ ok: true, key: 'master' });
  });
  it('accepts the current RegularKey, also with the master disabled', async () => {
    const blob = signTx(REG, txFor(K1.classicAddress));
    const st = acct(K1.classicAddress, {
      regularKey: REG.classicAddress,
      flags: LSF_DISABLE_MASTER,
    });
    expect(await verifyOwnership(blob, ctx(K1.classicAddress), lookupOf([st]))).toMatchObject({
      ok: true,
      key: 'regular',
    });
  });
  it('S17-x5 refuses the master key once lsfDisableMaster is set at the ledger', async () => {
    const blob = signTx(K1, txFor(K1.classicAddress));
    const st = acct(K1.classicAddress, {
      regularKey: REG.classicAddress,
      flags: LSF_DISABLE_MASTER,
    });
    expect(await verifyOwnership(blob, ctx(K1.classicAddress), lookupOf([st]))).toMatchObject({
      ok: false,
      code: 'XRPL_MASTER_DISABLED',
    });
  });
  it('S17-x6 refuses a key that is neither master nor the current RegularKey (e.g. a replaced regular key)', async () => {
    const tx = { ...txFor(K1.classicAddress), SigningPubKey: REG.publicKey };
    const blob = signTx(REG, tx);
    const st = acct(K1.classicAddress, { regularKey: S1.classicAddress });
    expect(await verifyOwnership(blob, ctx(K1.classicAddress), lookupOf([st]))).toMatchObject({
      ok: false,
      code: 'XRPL_KEY_NOT_AUTHORIZED',
    });
  });
  it('refuses an account that does not exist at the ledger', async () => {
    const blob = signTx(ED, txFor(ED.classicAddress));
    expect(await verifyOwnership(blob, ctx(ED.classicAddress), lookupOf([]))).toMatchObject({
      ok: false,
      code: 'XRPL_ACCOUNT_NOT_FOUND',
    });
  });
});

describe('xrpl-tx: multi-signing (SignerList quorum and weights)', () => {
  const owner = K1.classicAddress;
  const list = {
    quorum: 3,
    entries: [
      { account: S1.classicAddress, weight: 2 },
      { account: S2.classicAddress, weight: 1 },
      { account: S3.classicAddress, weight: 1 },
    ],
  };
  const states = [
    acct(owner, { signerList: list, flags: LSF_DISABLE_MASTER }),
    acct(S1.classicAddress),
  ];
  it('accepts signers whose weights reach the quorum (Ed25519 + secp256k1 signers; S2, S3 unfunded)', async () => {
    const blob = multiSignTx([S1, S2], txFor(owner));
    expect(await verifyOwnership(blob, ctx(owner), lookupOf(states))).toMatchObject({
      ok: true,
      key: 'multisig',
      weight: 3,
    });
  });
  it('S17-x7 refuses signers below the quorum', async () => {
    const blob = multiSignTx([S2, S3], txFor(owner));
    expect(await verifyOwnership(blob, ctx(owner), lookupOf(states))).toMatchObject({
      ok: false,
      code: 'XRPL_QUORUM_NOT_MET',
    });
  });
  it('S17-x8 refuses a signer that is not in the SignerList', async () => {
    const blob = multiSignTx([S1, ED], txFor(owner));
    expect(await verifyOwnership(blob, ctx(owner), lookupOf(states))).toMatchObject({
      ok: false,
      code: 'XRPL_SIGNER_NOT_LISTED',
    });
  });
  it('refuses a multi-signed proof for an account without a SignerList', async () => {
    const blob = multiSignTx([S1, S2], txFor(ED.classicAddress));
    expect(
      await verifyOwnership(blob, ctx(ED.classicAddress), lookupOf([acct(ED.classicAddress)]))
    ).toMatchObject({ ok: false, code: 'XRPL_NO_SIGNER_LIST' });
  });
  it('accepts a signer signing with its own RegularKey', async () => {
    const blob = multiSignTx([S1, REG], txFor(owner));
    const st = [
      acct(owner, {
        signerList: {
          quorum: 2,
          entries: [
            { account: S1.classicAddress, weight: 1 },
            { account: S2.classicAddress, weight: 1 },
          ],
        },
      }),
      acct(S2.classicAddress, { regularKey: REG.classicAddress }),
    ];
    // REG signs as itself: the signer account is REG's own address, not S2's
    expect(await verifyOwnership(blob, ctx(owner), lookupOf(st))).toMatchObject({
      ok: false,
      code: 'XRPL_SIGNER_NOT_LISTED',
    });
    const asS2 = multisign([
      S1.sign({ ...txFor(owner), SigningPubKey: '' } as never, true).tx_blob,
      signAs(REG, S2.classicAddress, txFor(owner)),
    ]);
    expect(await verifyOwnership(asS2, ctx(owner), lookupOf(st))).toMatchObject({
      ok: true,
      key: 'multisig',
      weight: 2,
    });
  });
  it('refuses one signer listed twice (XRPL_SIGNER_DUPLICATE)', () => {
    const tx = decode(multiSignTx([S1, S2], txFor(owner))) as { Signers: unknown[] };
    tx.Signers = [tx.Signers[0], tx.Signers[0]];
    expect(checkOwnershipBlob(encode(tx as never), ctx(owner))).toMatchObject({
      ok: false,
      code: 'XRPL_SIGNER_DUPLICATE',
    });
  });
  it('refuses a signer signing with its own disabled master key', async () => {
    const blob = multiSignTx([S1, S2], txFor(owner));
    const st = [
      ...states.slice(0, 1),
      acct(S1.classicAddress, { flags: LSF_DISABLE_MASTER, regularKey: S3.classicAddress }),
    ];
    expect(await verifyOwnership(blob, ctx(owner), lookupOf(st))).toMatchObject({
      ok: false,
      code: 'XRPL_MASTER_DISABLED',
    });
  });
});

describe('xrpl-tx: the message', () => {
  it("S17-x1 refuses a signature over last month's challenge", () => {
    const blob = signTx(ED, txFor(ED.classicAddress, LAST_MONTH));
    expect(checkOwnershipBlob(blob, ctx(ED.classicAddress))).toMatchObject({
      ok: false,
      code: 'XRPL_CHALLENGE',
    });
  });
  it('S17-x3 refuses a proof signed for another network (testnet memo on mainnet)', () => {
    const blob = signTx(ED, txFor(ED.classicAddress, ROUND, 'xrpl:1'));
    expect(checkOwnershipBlob(blob, ctx(ED.classicAddress))).toMatchObject({
      ok: false,
      code: 'XRPL_NETWORK',
    });
  });
  it("refuses another account's proof", () => {
    const blob = signTx(ED, txFor(ED.classicAddress));
    expect(checkOwnershipBlob(blob, ctx(K1.classicAddress))).toMatchObject({
      ok: false,
      code: 'XRPL_ACCOUNT',
    });
  });
  it('refuses a changed signature and a changed memo', () => {
    const blob = signTx(ED, txFor(ED.classicAddress));
    const sig = blob.indexOf('7440') + 4; // TxnSignature field header + length 0x40
    const flipped = blob.slice(0, sig) + (blob[sig] === '0' ? '1' : '0') + blob.slice(sig + 1);
    expect(checkOwnershipBlob(flipped, ctx(ED.classicAddress))).toMatchObject({
      ok: false,
      code: 'XRPL_SIGNATURE',
    });
    const memoSwap = blob.replace(
      Buffer.from('period: 2026-11').toString('hex').toUpperCase(),
      Buffer.from('period: 2026-12').toString('hex').toUpperCase()
    );
    const other = { ...ROUND, period: '2026-12' };
    expect(
      checkOwnershipBlob(memoSwap, {
        ...ctx(ED.classicAddress),
        challenge: ownershipChallenge(other),
      }).ok
    ).toBe(false);
  });
  it('refuses what is not a canonical transaction blob', () => {
    expect(checkOwnershipBlob('zz', ctx(ED.classicAddress))).toMatchObject({
      ok: false,
      code: 'XRPL_BLOB',
    });
    expect(checkOwnershipBlob('12000322', ctx(ED.classicAddress))).toMatchObject({
      ok: false,
      code: 'XRPL_BLOB',
    });
  });
  it('property: no single-byte change of a valid proof verifies', () => {
    const blob = signTx(K1, txFor(K1.classicAddress));
    fc.assert(
      fc.property(fc.nat(blob.length / 2 - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const b = Number.parseInt(blob.slice(2 * i, 2 * i + 2), 16) ^ x;
        const m =
          blob.slice(0, 2 * i) +
          b.toString(16).padStart(2, '0').toUpperCase() +
          blob.slice(2 * i + 2);
        expect(checkOwnershipBlob(m, ctx(K1.classicAddress)).ok).toBe(false);
      }),
      { numRuns: 300 }
    );
  });
});

describe('S17-x4 xrpl-tx: any blob that could be submitted is refused, each way with its code', () => {
  const base = () => txFor(ED.classicAddress);
  const cases: [string, (t: Record<string, unknown>) => Record<string, unknown>, string][] = [
    ['a valid sequence', (t) => ({ ...t, Sequence: 81_000_001 }), 'XRPL_SUBMITTABLE_SEQUENCE'],
    ['a ticket', (t) => ({ ...t, TicketSequence: 12 }), 'XRPL_SUBMITTABLE_SEQUENCE'],
    [
      'no LastLedgerSequence bound',
      (t) => {
        const { LastLedgerSequence: _, ...r } = t;
        return r;
      },
      'XRPL_NO_LAST_LEDGER',
    ],
    [
      'a LastLedgerSequence in the future',
      (t) => ({ ...t, LastLedgerSequence: 4_000_000_000 }),
      'XRPL_LAST_LEDGER',
    ],
    ['a fee', (t) => ({ ...t, Fee: '12' }), 'XRPL_FEE'],
    [
      'a Payment',
      (t) => ({ ...t, TransactionType: 'Payment', Destination: K1.classicAddress, Amount: '1' }),
      'XRPL_TX_TYPE',
    ],
    [
      'an AccountSet that changes the account (SetFlag asfDisableMaster)',
      (t) => ({ ...t, SetFlag: 4 }),
      'XRPL_TX_FIELD',
    ],
    [
      'transaction flags that change the account (tfRequireDestTag)',
      (t) => ({ ...t, Flags: 0x00010000 }),
      'XRPL_TX_FIELD',
    ],
  ];
  for (const [what, change, code] of cases)
    it(`refuses ${what}: ${code}`, () => {
      const blob = signTx(ED, change(base()));
      expect(checkOwnershipBlob(blob, ctx(ED.classicAddress))).toMatchObject({ ok: false, code });
    });
});
