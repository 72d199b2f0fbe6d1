/**
 * Reading the XRP Ledger at one validated ledger, pinned by index and hash, through rippled's
 * JSON-RPC (response shapes: https://xrpl.org/docs/references/http-websocket-apis/public-api-methods
 * — `ledger`, `server_state`, `account_info`, `account_lines`, `account_objects`, `ledger_entry`).
 *
 * Every state read names the ledger by its hash (`ledger_hash`), and every reply must say
 * `validated: true` and carry that same hash: a server answering from another ledger, or from
 * one not yet validated by consensus, is refused (`XRPL_LEDGER_NOT_VALIDATED`,
 * `XRPL_LEDGER_HASH_MISMATCH`).
 *
 * The ledger's header must hash to its `ledger_hash` ({@link ledgerHeaderHash},
 * `XRPL_LEDGER_HEADER`): the index and the close time written into the evidence are those the
 * hash commits to.
 *
 * The account reserve at the ledger is `ReserveBase + OwnerCount × ReserveIncrement` (drops),
 * with both figures read from the ledger's FeeSettings object (`ledger_entry` index
 * 4BC50C9B…A651; `ReserveBaseDrops`/`ReserveIncrementDrops` after the XRPFees amendment,
 * `ReserveBase`/`ReserveIncrement` before). The reserve is not spendable.
 * @module
 */
import { bytesToHex, firstDisagreement, hexToBytes, KuraError, showValue } from '@kura/codec';
import { sha512 } from '@noble/hashes/sha2.js';
import type { XrplClient } from './rpc.js';

/** A ledger problem (the code says which). */
export class LedgerError extends KuraError {}

/** The FeeSettings singleton's ledger-object id (fixed for every network). */
export const FEE_SETTINGS_INDEX =
  '4BC50C9B0D8515D3EAAE1E74B29A95804346C491EE1A95BF25E4AAB854A6A651';
/** lsfDisableMaster (AccountRoot flag): the master key may not sign. */
export const LSF_DISABLE_MASTER = 0x00100000;
/** Seconds from the Unix epoch to the Ripple epoch (2000-01-01T00:00:00Z). */
export const RIPPLE_EPOCH = 946_684_800;

/** The validated ledger every figure is read at. */
export interface XrplSnapshot {
  readonly chain: string;
  readonly networkId: number;
  readonly ledgerIndex: number;
  /** 64 uppercase hex, as rippled writes it. */
  readonly ledgerHash: string;
  /** Close time, RFC 3339 UTC. */
  readonly time: string;
  readonly reserveBase: bigint;
  readonly reserveIncrement: bigint;
}

/** One trust line of an account (from the account's side). */
export interface TrustLine {
  /** The counterparty: the issuer when the balance is positive. */
  readonly issuer: string;
  /** 3-letter ISO-style code or 40 hex. */
  readonly currency: string;
  /** Decimal string as rippled writes it (positive: the issuer owes the account). */
  readonly balance: string;
  /** Frozen by either side (`freeze` / `freeze_peer`): not spendable. */
  readonly frozen: boolean;
}

/** A SignerList at the ledger. */
export interface SignerList {
  readonly quorum: number;
  readonly entries: readonly { readonly account: string; readonly weight: number }[];
}

/** An account's state at the ledger. */
export interface AccountState {
  readonly address: string;
  readonly balance: bigint;
  readonly flags: number;
  readonly ownerCount: number;
  readonly sequence: number;
  readonly regularKey?: string;
  readonly signerList?: SignerList;
  readonly lines: readonly TrustLine[];
}

const HASH = /^[0-9A-F]{64}$/;

/** The ledger header fields the ledger hash commits to (as rippled's `ledger` method writes them). */
export interface LedgerHeader {
  readonly ledger_index: number | string;
  readonly total_coins: string;
  readonly parent_hash: string;
  readonly transaction_hash: string;
  readonly account_hash: string;
  readonly parent_close_time: number;
  readonly close_time: number;
  readonly close_time_resolution: number;
  readonly close_flags: number;
}

function be(v: bigint, bytes: number): string {
  return v.toString(16).padStart(bytes * 2, '0');
}

/**
 * The ledger hash: SHA-512Half (first 32 bytes of SHA-512) of `LWR\0` (hash prefix
 * ledgerMaster) ‖ ledger_index u32 ‖ total_coins u64 ‖ parent_hash ‖ transaction_hash ‖
 * account_hash ‖ parent_close_time u32 ‖ close_time u32 ‖ close_time_resolution u8 ‖
 * close_flags u8, integers big-endian. Returns 64 uppercase hex, or null for malformed fields.
 */
export function ledgerHeaderHash(h: LedgerHeader): string | null {
  const n = (v: unknown, max: bigint): bigint | null => {
    const s = typeof v === 'number' ? String(v) : v;
    if (typeof s !== 'string' || !/^(0|[1-9][0-9]{0,19})$/.test(s)) return null;
    const b = BigInt(s);
    return b <= max ? b : null;
  };
  const idx = n(h.ledger_index, 0xffffffffn);
  const coins = n(h.total_coins, 0xffffffffffffffffn);
  const pct = n(h.parent_close_time, 0xffffffffn);
  const ct = n(h.close_time, 0xffffffffn);
  const res = n(h.close_time_resolution, 0xffn);
  const flags = n(h.close_flags, 0xffn);
  const hashes = [h.parent_hash, h.transaction_hash, h.account_hash];
  if (
    idx === null ||
    coins === null ||
    pct === null ||
    ct === null ||
    res === null ||
    flags === null
  )
    return null;
  if (!hashes.every((x) => typeof x === 'string' && HASH.test(x.toUpperCase()))) return null;
  const pre =
    '4c575200' +
    be(idx, 4) +
    be(coins, 8) +
    hashes.join('').toLowerCase() +
    be(pct, 4) +
    be(ct, 4) +
    be(res, 1) +
    be(flags, 1);
  return bytesToHex(sha512(hexToBytes(pre)).slice(0, 32)).toUpperCase();
}

function bad(c: XrplClient, method: string, why: string): LedgerError {
  return new LedgerError('XRPL_BAD_REPLY', `${c.endpoint} ${method}: ${why}`);
}

function u32(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff ? v : null;
}

function dropsOf(v: unknown): bigint | null {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^(0|[1-9][0-9]{0,18})$/.test(v)) return BigInt(v);
  return null;
}

/** A reply must be validated and at the pinned ledger. */
export function checkPinned(
  c: XrplClient,
  method: string,
  r: Record<string, unknown>,
  hash: string
): void {
  if (r.validated !== true)
    throw new LedgerError(
      'XRPL_LEDGER_NOT_VALIDATED',
      `${c.endpoint} ${method}: the reply is not from a validated ledger (validated: ${showValue(r.validated)})`
    );
  const h = typeof r.ledger_hash === 'string' ? r.ledger_hash.toUpperCase() : undefined;
  if (h !== hash)
    throw new LedgerError(
      'XRPL_LEDGER_HASH_MISMATCH',
      `${c.endpoint} ${method}: answered from ledger ${showValue(r.ledger_hash)}, not the pinned ${hash}`
    );
}

/**
 * Resolve and pin the snapshot ledger on every endpoint: `ledger` must be `validated: true`, its
 * hash the same on every endpoint (and equal to `expectHash` when given), the server's
 * `network_id` equal to the chain's; reserves from the ledger's FeeSettings.
 */
export async function resolveLedger(
  clients: readonly XrplClient[],
  chain: string,
  networkId: number,
  ledger: string,
  expectHash?: string
): Promise<XrplSnapshot> {
  const byHash = HASH.test(ledger.toUpperCase()) && ledger.length === 64;
  if (!byHash && !/^[1-9][0-9]{0,9}$/.test(ledger))
    throw new RangeError('"ledger" must be a ledger index (decimal) or a 64-hex ledger hash');
  let snap: XrplSnapshot | undefined;
  for (const c of clients) {
    const st = await c.call('server_state', {});
    const state = st.state as Record<string, unknown> | undefined;
    const nid = u32(state?.network_id);
    if (nid === null)
      throw new LedgerError(
        'XRPL_NETWORK_UNKNOWN',
        `${c.endpoint} server_state: no state.network_id: cannot tell which XRPL network this server follows`
      );
    if (nid !== networkId)
      throw new LedgerError(
        'XRPL_NETWORK',
        `${c.endpoint} follows network ${nid} (xrpl:${nid}), not ${chain}`
      );
    const r = await c.call(
      'ledger',
      byHash ? { ledger_hash: ledger.toUpperCase() } : { ledger_index: Number(ledger) }
    );
    if (r.validated !== true)
      throw new LedgerError(
        'XRPL_LEDGER_NOT_VALIDATED',
        `${c.endpoint} ledger ${ledger}: not validated by consensus (validated: ${showValue(r.validated)})`
      );
    const l = r.ledger as Record<string, unknown> | undefined;
    if (!l) throw bad(c, 'ledger', 'no ledger object');
    const hash = typeof r.ledger_hash === 'string' ? r.ledger_hash.toUpperCase() : '';
    const inner = typeof l.ledger_hash === 'string' ? l.ledger_hash.toUpperCase() : '';
    if (!HASH.test(hash) || hash !== inner)
      throw bad(c, 'ledger', 'ledger_hash missing or inconsistent');
    const index = u32(r.ledger_index);
    const innerIndex = typeof l.ledger_index === 'string' ? Number(l.ledger_index) : l.ledger_index;
    if (index === null || innerIndex !== index)
      throw bad(c, 'ledger', 'ledger_index missing or inconsistent');
    if (!byHash && index !== Number(ledger))
      throw bad(c, 'ledger', `answered ledger ${index}, asked ${ledger}`);
    if (byHash && hash !== ledger.toUpperCase())
      throw new LedgerError(
        'XRPL_LEDGER_HASH_MISMATCH',
        `${c.endpoint} ledger: answered ${hash}, asked ${ledger}`
      );
    if (expectHash !== undefined && hash !== expectHash.toUpperCase())
      throw new LedgerError(
        'XRPL_LEDGER_HASH_MISMATCH',
        `${c.endpoint}: validated ledger ${index} is ${hash}, the evidence pins ${expectHash}`
      );
    const close = u32(l.close_time);
    if (close === null) throw bad(c, 'ledger', 'no close_time');
    const computed = ledgerHeaderHash(l as unknown as LedgerHeader);
    if (computed !== hash)
      throw new LedgerError(
        'XRPL_LEDGER_HEADER',
        `${c.endpoint} ledger ${index}: the header ${computed === null ? 'is incomplete' : `hashes to ${computed}`}, not to its ledger_hash ${hash}`
      );
    const fee = await c.call('ledger_entry', { index: FEE_SETTINGS_INDEX, ledger_hash: hash });
    checkPinned(c, 'ledger_entry', fee, hash);
    const node = fee.node as Record<string, unknown> | undefined;
    const base = dropsOf(node?.ReserveBaseDrops ?? node?.ReserveBase);
    const inc = dropsOf(node?.ReserveIncrementDrops ?? node?.ReserveIncrement);
    if (node?.LedgerEntryType !== 'FeeSettings' || base === null || inc === null)
      throw bad(c, 'ledger_entry', 'no FeeSettings reserve figures');
    const s: XrplSnapshot = {
      chain,
      networkId,
      ledgerIndex: index,
      ledgerHash: hash,
      time: new Date((close + RIPPLE_EPOCH) * 1000).toISOString().replace('.000Z', 'Z'),
      reserveBase: base,
      reserveIncrement: inc,
    };
    const d = snap && firstDisagreement([clients[0]!, c], [snap, s]);
    if (d)
      throw new LedgerError(
        'XRPL_ENDPOINTS_DISAGREE',
        `${d.a.endpoint} and ${d.b.endpoint} disagree on ledger ${ledger}: ${d.x.ledgerHash} vs ${d.y.ledgerHash}`
      );
    snap = s;
  }
  if (!snap) throw new RangeError('"clients" must hold one or two endpoints');
  return snap;
}

/**
 * An account's state at the pinned ledger: AccountRoot (`account_info`), SignerList
 * (`account_objects` type `signer_list`) and every trust line (`account_lines`, all pages).
 * Returns null for an account that does not exist at the ledger (`actNotFound`).
 */
export async function readAccount(
  c: XrplClient,
  address: string,
  hash: string
): Promise<AccountState | null> {
  let info: Record<string, unknown>;
  try {
    info = await c.call('account_info', { account: address, ledger_hash: hash, strict: true });
  } catch (e) {
    if (e instanceof KuraError && e.code === 'XRPL_RPC_ACCOUNT_NOT_FOUND') return null;
    throw e;
  }
  checkPinned(c, 'account_info', info, hash);
  const d = info.account_data as Record<string, unknown> | undefined;
  const balance = dropsOf(d?.Balance);
  const flags = u32(d?.Flags);
  const ownerCount = u32(d?.OwnerCount);
  const sequence = u32(d?.Sequence);
  if (
    !d ||
    d.Account !== address ||
    balance === null ||
    flags === null ||
    ownerCount === null ||
    sequence === null
  )
    throw bad(c, 'account_info', `no AccountRoot for ${address}`);
  if (d.RegularKey !== undefined && typeof d.RegularKey !== 'string')
    throw bad(c, 'account_info', 'RegularKey');

  const objs = await c.call('account_objects', {
    account: address,
    ledger_hash: hash,
    type: 'signer_list',
  });
  checkPinned(c, 'account_objects', objs, hash);
  const list = Array.isArray(objs.account_objects)
    ? (objs.account_objects as Record<string, unknown>[])
    : null;
  if (!list) throw bad(c, 'account_objects', 'no account_objects array');
  const sl = list.filter((o) => o.LedgerEntryType === 'SignerList');
  if (sl.length > 1) throw bad(c, 'account_objects', 'more than one SignerList');
  let signerList: SignerList | undefined;
  if (sl[0]) {
    const q = u32(sl[0].SignerQuorum);
    const es = Array.isArray(sl[0].SignerEntries)
      ? (sl[0].SignerEntries as { SignerEntry?: Record<string, unknown> }[])
      : null;
    if (q === null || !es) throw bad(c, 'account_objects', 'malformed SignerList');
    signerList = {
      quorum: q,
      entries: es.map((e) => {
        const w = u32(e.SignerEntry?.SignerWeight);
        if (typeof e.SignerEntry?.Account !== 'string' || w === null)
          throw bad(c, 'account_objects', 'malformed SignerEntry');
        return { account: e.SignerEntry.Account, weight: w };
      }),
    };
  }

  const lines: TrustLine[] = [];
  let marker: unknown;
  for (let page = 0; page < 10_000; page++) {
    const r = await c.call('account_lines', {
      account: address,
      ledger_hash: hash,
      limit: 400,
      ...(marker === undefined ? {} : { marker }),
    });
    checkPinned(c, 'account_lines', r, hash);
    if (!Array.isArray(r.lines)) throw bad(c, 'account_lines', 'no lines array');
    for (const l of r.lines as Record<string, unknown>[]) {
      if (
        typeof l.account !== 'string' ||
        typeof l.currency !== 'string' ||
        typeof l.balance !== 'string'
      )
        throw bad(c, 'account_lines', 'malformed line');
      lines.push({
        issuer: l.account,
        currency: l.currency,
        balance: l.balance,
        frozen: l.freeze === true || l.freeze_peer === true,
      });
    }
    marker = r.marker;
    if (marker === undefined) break;
  }
  return {
    address,
    balance,
    flags,
    ownerCount,
    sequence,
    ...(typeof d.RegularKey === 'string' ? { regularKey: d.RegularKey } : {}),
    ...(signerList ? { signerList } : {}),
    lines,
  };
}

/** The account reserve: base + owner count × increment (drops). */
export function accountReserve(
  snap: Pick<XrplSnapshot, 'reserveBase' | 'reserveIncrement'>,
  ownerCount: number
): bigint {
  return snap.reserveBase + BigInt(ownerCount) * snap.reserveIncrement;
}

const IOU = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:e([+-]?[0-9]{1,3}))?$/i;

/**
 * An issued-currency amount (rippled's decimal text, optionally with an exponent) in base units
 * of `decimals` places, rounded toward zero (a reserve is never over-stated). Throws RangeError
 * on text that is not a number.
 */
export function iouToUnits(value: string, decimals: number): { units: bigint; exact: boolean } {
  const m = IOU.exec(value);
  if (!m) throw new RangeError(`not an issued-currency amount: ${JSON.stringify(value)}`);
  const frac = m[3] ?? '';
  let mant = BigInt(m[2]! + frac);
  if (m[1] === '-') mant = -mant;
  const exp = Number(m[4] ?? 0) - frac.length + decimals;
  if (exp >= 0) return { units: mant * 10n ** BigInt(exp), exact: true };
  const d = 10n ** BigInt(-exp);
  return { units: mant / d, exact: mant % d === 0n };
}
