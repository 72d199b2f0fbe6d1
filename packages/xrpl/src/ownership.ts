/**
 * XRPL ownership proof `xrpl-tx` (SPEC §11.3): the reserve account signs — with its master key,
 * its regular key or its SignerList — a transaction that can never be applied to any ledger and
 * that carries the round's ownership challenge in a memo:
 *
 * ```
 * { TransactionType: "AccountSet", Account: <reserve address>, Flags: 0 (or absent),
 *   Sequence: 0, Fee: "0", LastLedgerSequence: 1,
 *   Memos: [ {Memo: {MemoType: hex("kura/ownership-challenge"), MemoFormat: hex("text/plain"),
 *                    MemoData: hex(UTF-8 challenge)}},
 *            {Memo: {MemoType: hex("kura/network"), MemoData: hex("xrpl:<network_id>")}} ],
 *   SigningPubKey, TxnSignature }                       — single-signed, or
 * { …same…, SigningPubKey: "", Signers: [ {Signer: {Account, SigningPubKey, TxnSignature}} ] }
 * ```
 *
 * Never applicable: an account's Sequence is ≥ 1 and only grows, so Sequence 0 without a
 * TicketSequence matches no account; LastLedgerSequence 1 lies in the past of every running
 * network (tefMAX_LEDGER); a zero Fee is below every server's base fee; Flags 0 excludes a Batch
 * inner transaction (tfInnerBatchTxn). Each of these is checked separately, with its own code,
 * and nothing but the fields above may appear (an AccountSet with SetFlag, Domain, … would change
 * the account if it ever applied). Signatures are checked with ripple-binary-codec's signing
 * serialisations (prefix `STX\0`, multi-signing `SMT\0` + signer AccountID) and ripple-keypairs
 * (secp256k1 and Ed25519).
 * @module
 */
import { bytesToHex, fail, hexToBytes, type VerifyResult } from '@kura/codec';
import { decode, encode, encodeForMultisigning, encodeForSigning } from 'ripple-binary-codec';
import { deriveAddress, verify } from 'ripple-keypairs';
import { type AccountState, LSF_DISABLE_MASTER } from './ledger.js';

/** The evidence `ownership.type` of this proof. */
export const XRPL_OWNERSHIP_TYPE = 'xrpl-tx';
/** MemoType of the challenge memo. */
export const MEMO_CHALLENGE = 'kura/ownership-challenge';
/** MemoType of the network memo. */
export const MEMO_NETWORK = 'kura/network';

/** Codes of {@link checkOwnershipBlob} and {@link verifyOwnership}. */
export type XrplOwnershipCode =
  | 'XRPL_BLOB'
  | 'XRPL_TX_TYPE'
  | 'XRPL_TX_FIELD'
  | 'XRPL_SUBMITTABLE_SEQUENCE'
  | 'XRPL_NO_LAST_LEDGER'
  | 'XRPL_LAST_LEDGER'
  | 'XRPL_FEE'
  | 'XRPL_ACCOUNT'
  | 'XRPL_MEMO'
  | 'XRPL_NETWORK'
  | 'XRPL_CHALLENGE'
  | 'XRPL_SIGNATURE'
  | 'XRPL_ACCOUNT_NOT_FOUND'
  | 'XRPL_MASTER_DISABLED'
  | 'XRPL_KEY_NOT_AUTHORIZED'
  | 'XRPL_NO_SIGNER_LIST'
  | 'XRPL_SIGNER_NOT_LISTED'
  | 'XRPL_SIGNER_DUPLICATE'
  | 'XRPL_QUORUM_NOT_MET';

const ALLOWED = new Set([
  'TransactionType',
  'Flags',
  'Account',
  'Sequence',
  'Fee',
  'LastLedgerSequence',
  'Memos',
  'SigningPubKey',
  'TxnSignature',
  'Signers',
]);

const enc = new TextEncoder();
const hexOf = (s: string): string => bytesToHex(enc.encode(s)).toUpperCase();
const textOf = (h: string): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(hexToBytes(h.toLowerCase()));
  } catch {
    return `<hex ${h.slice(0, 40)}>`;
  }
};

/** The unsigned transaction (XRPL JSON) an account signs for `chain` and `challenge`. */
export function ownershipTx(
  account: string,
  chain: string,
  challenge: string
): Record<string, unknown> {
  return {
    TransactionType: 'AccountSet',
    Account: account,
    Flags: 0,
    Sequence: 0,
    Fee: '0',
    LastLedgerSequence: 1,
    Memos: [
      {
        Memo: {
          MemoType: hexOf(MEMO_CHALLENGE),
          MemoFormat: hexOf('text/plain'),
          MemoData: hexOf(challenge),
        },
      },
      { Memo: { MemoType: hexOf(MEMO_NETWORK), MemoData: hexOf(chain) } },
    ],
  };
}

/** What the blob's signers are, after {@link checkOwnershipBlob}. */
export type SignerSet =
  | { readonly kind: 'single'; readonly publicKey: string; readonly signature: string }
  | {
      readonly kind: 'multi';
      readonly signers: readonly { account: string; publicKey: string; signature: string }[];
    };

/** Context of an ownership check. */
export interface OwnershipContext {
  readonly chain: string;
  readonly account: string;
  /** The round's ownership challenge text. */
  readonly challenge: string;
}

type Tx = Record<string, unknown>;

/**
 * The offline checks: the blob decodes canonically, is the never-applicable AccountSet above for
 * this account, network and challenge, and every signature in it verifies. Never throws.
 */
export function checkOwnershipBlob(
  blob: string,
  ctx: OwnershipContext
): VerifyResult<XrplOwnershipCode, { tx: Tx; signers: SignerSet }> {
  if (typeof blob !== 'string' || !/^([0-9A-Fa-f]{2}){1,65536}$/.test(blob))
    return fail('XRPL_BLOB', 'the signature must be a hex transaction blob');
  let tx: Tx;
  try {
    tx = decode(blob) as Tx;
    if (encode(tx as never).toUpperCase() !== blob.toUpperCase())
      return fail('XRPL_BLOB', 'the blob is not in canonical binary form');
  } catch (e) {
    return fail('XRPL_BLOB', `not an XRPL transaction: ${(e as Error).message.slice(0, 120)}`);
  }
  if (tx.TransactionType !== 'AccountSet')
    return fail(
      'XRPL_TX_TYPE',
      `a ${String(tx.TransactionType)} transaction: only a never-applicable AccountSet is an ownership proof`
    );
  for (const k of Object.keys(tx))
    if (!ALLOWED.has(k) && k !== 'TicketSequence')
      return fail(
        'XRPL_TX_FIELD',
        `field ${k} is not allowed in an ownership proof (it could change the account)`
      );
  if (tx.Flags !== undefined && tx.Flags !== 0)
    return fail('XRPL_TX_FIELD', `Flags must be 0 (is ${String(tx.Flags)})`);
  if (tx.Sequence !== 0 || tx.TicketSequence !== undefined)
    return fail(
      'XRPL_SUBMITTABLE_SEQUENCE',
      `Sequence ${String(tx.Sequence)}${tx.TicketSequence !== undefined ? ` with TicketSequence ${String(tx.TicketSequence)}` : ''}: only Sequence 0 without a ticket can never be applied`
    );
  if (tx.LastLedgerSequence === undefined)
    return fail(
      'XRPL_NO_LAST_LEDGER',
      'no LastLedgerSequence: the transaction would stay valid forever'
    );
  if (tx.LastLedgerSequence !== 1)
    return fail(
      'XRPL_LAST_LEDGER',
      `LastLedgerSequence ${String(tx.LastLedgerSequence)}: must be 1 (expired on every running network)`
    );
  if (tx.Fee !== '0')
    return fail('XRPL_FEE', `Fee ${String(tx.Fee)} drops: must be "0" (below every base fee)`);
  if (tx.Account !== ctx.account)
    return fail(
      'XRPL_ACCOUNT',
      `the blob is for ${String(tx.Account)}, the entry is ${ctx.account}`
    );
  const memos = tx.Memos as { Memo?: Record<string, unknown> }[] | undefined;
  if (!Array.isArray(memos) || memos.length !== 2)
    return fail('XRPL_MEMO', 'expected exactly two memos (challenge, network)');
  const [m0, m1] = [memos[0]!.Memo ?? {}, memos[1]!.Memo ?? {}];
  if (
    m0.MemoType !== hexOf(MEMO_CHALLENGE) ||
    m0.MemoFormat !== hexOf('text/plain') ||
    typeof m0.MemoData !== 'string' ||
    Object.keys(m0).length !== 3 ||
    m1.MemoType !== hexOf(MEMO_NETWORK) ||
    typeof m1.MemoData !== 'string' ||
    Object.keys(m1).length !== 2
  )
    return fail('XRPL_MEMO', `memos must be ${MEMO_CHALLENGE} (text/plain) then ${MEMO_NETWORK}`);
  if (m1.MemoData !== hexOf(ctx.chain))
    return fail(
      'XRPL_NETWORK',
      `the proof was signed for ${textOf(m1.MemoData)}, the entry is on ${ctx.chain}`
    );
  if (m0.MemoData !== hexOf(ctx.challenge))
    return fail('XRPL_CHALLENGE', "the memo's text is not this round's ownership challenge");

  const pub = typeof tx.SigningPubKey === 'string' ? tx.SigningPubKey : '';
  if (pub !== '') {
    if (tx.Signers !== undefined) return fail('XRPL_TX_FIELD', 'both SigningPubKey and Signers');
    const sig = tx.TxnSignature;
    if (typeof sig !== 'string' || !checkSig(encodeForSigning(tx as never), sig, pub))
      return fail('XRPL_SIGNATURE', 'TxnSignature does not verify under SigningPubKey');
    return {
      ok: true,
      tx,
      signers: { kind: 'single', publicKey: pub.toUpperCase(), signature: sig },
    };
  }
  if (tx.TxnSignature !== undefined)
    return fail('XRPL_TX_FIELD', 'TxnSignature without SigningPubKey');
  const ss = tx.Signers as { Signer?: Record<string, unknown> }[] | undefined;
  if (!Array.isArray(ss) || ss.length === 0)
    return fail('XRPL_SIGNATURE', 'neither a single signature nor Signers');
  const signers: { account: string; publicKey: string; signature: string }[] = [];
  const seen = new Set<string>();
  for (const [i, s] of ss.entries()) {
    const a = s.Signer?.Account;
    const p = s.Signer?.SigningPubKey;
    const g = s.Signer?.TxnSignature;
    if (typeof a !== 'string' || typeof p !== 'string' || typeof g !== 'string' || p === '')
      return fail('XRPL_SIGNATURE', `Signers[${i}] is incomplete`);
    if (seen.has(a)) return fail('XRPL_SIGNER_DUPLICATE', `${a} signs twice`);
    seen.add(a);
    if (!checkSig(encodeForMultisigning(tx as never, a), g, p))
      return fail('XRPL_SIGNATURE', `Signers[${i}] (${a}): the signature does not verify`);
    signers.push({ account: a, publicKey: p.toUpperCase(), signature: g });
  }
  return { ok: true, tx, signers: { kind: 'multi', signers } };
}

function checkSig(message: string, sig: string, pub: string): boolean {
  try {
    return verify(message, sig, pub);
  } catch {
    return false;
  }
}

function keyAuthority(
  pub: string,
  account: string,
  st: AccountState | null
): 'master' | 'regular' | 'disabled' | null {
  let derived: string;
  try {
    derived = deriveAddress(pub);
  } catch {
    return null;
  }
  if (derived === account)
    return st && (st.flags & LSF_DISABLE_MASTER) !== 0 ? 'disabled' : 'master';
  if (st?.regularKey !== undefined && derived === st.regularKey) return 'regular';
  return null;
}

/** How the account proved control. */
export type XrplKeyKind = 'master' | 'regular' | 'multisig';

/**
 * The full check: {@link checkOwnershipBlob}, then the signing authority at the pinned ledger
 * (`lookup` returns an account's state there, or null when it does not exist): the master key
 * when the address derives from it and lsfDisableMaster is clear; the account's current
 * RegularKey; or signers listed in the account's SignerList (each with its own master or regular
 * key) whose weights reach SignerQuorum. Never throws (a lookup failure is returned as
 * `XRPL_LOOKUP` by the caller's wrapper, not here).
 */
export async function verifyOwnership(
  blob: string,
  ctx: OwnershipContext,
  lookup: (address: string) => Promise<AccountState | null>
): Promise<VerifyResult<XrplOwnershipCode, { key: XrplKeyKind; weight?: number }>> {
  const c = checkOwnershipBlob(blob, ctx);
  if (!c.ok) return c;
  const st = await lookup(ctx.account);
  if (!st) return fail('XRPL_ACCOUNT_NOT_FOUND', `${ctx.account} does not exist at the ledger`);
  const s = c.signers;
  if (s.kind === 'single') {
    const k = keyAuthority(s.publicKey, ctx.account, st);
    if (k === 'disabled')
      return fail(
        'XRPL_MASTER_DISABLED',
        `signed by the master key of ${ctx.account}, which is disabled (lsfDisableMaster) at the ledger`
      );
    if (!k)
      return fail(
        'XRPL_KEY_NOT_AUTHORIZED',
        `the signing key is neither the master key nor the current RegularKey of ${ctx.account}`
      );
    return { ok: true, key: k };
  }
  const list = st.signerList;
  if (!list) return fail('XRPL_NO_SIGNER_LIST', `${ctx.account} has no SignerList at the ledger`);
  const weights = new Map(list.entries.map((e) => [e.account, e.weight]));
  let total = 0;
  for (const g of s.signers) {
    const w = weights.get(g.account);
    if (w === undefined)
      return fail(
        'XRPL_SIGNER_NOT_LISTED',
        `${g.account} is not in the SignerList of ${ctx.account}`
      );
    const k = keyAuthority(g.publicKey, g.account, await lookup(g.account));
    if (k === 'disabled')
      return fail(
        'XRPL_MASTER_DISABLED',
        `signer ${g.account} signed with its disabled master key`
      );
    if (!k)
      return fail(
        'XRPL_KEY_NOT_AUTHORIZED',
        `signer ${g.account}: the key is neither its master key nor its RegularKey`
      );
    total += w;
  }
  if (total < list.quorum)
    return fail('XRPL_QUORUM_NOT_MET', `signer weights ${total} < SignerQuorum ${list.quorum}`);
  return { ok: true, key: 'multisig', weight: total };
}
