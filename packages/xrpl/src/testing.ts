/**
 * `@kura/xrpl/testing` — for tests and the demo, not for production use. Recorded-reply
 * rippled: no rippled runs here, so this answers JSON-RPC requests with replies in rippled's exact response shapes (xrpl.org reference pages of `server_state`,
 * `ledger`, `ledger_entry`, `account_info`, `account_lines`, `account_objects`; error replies
 * per "Error Formatting": `{result: {error, error_code, error_message, request, status: "error"}}`)
 * built from a small ledger description, so a test can change one drop or one flag. The caller
 * supplies the ledger-header hash function (tests and the demo use the `xrpl` library's).
 * @module
 */
import type { FetchLike } from '@kura/codec';

/**
 * The ledger-header hash function a {@link World} uses for its `ledgerHash`: tests pass the
 * `xrpl` library's `hashes.hashLedgerHeader` (an implementation independent of Kura's).
 */
export type HashLedgerHeader = (header: LedgerHeaderJson) => string;

export interface LineSpec {
  account: string;
  currency: string;
  balance: string;
  limit?: string;
  freeze?: boolean;
}
export interface AccountSpec {
  Balance: string;
  Flags?: number;
  OwnerCount?: number;
  Sequence?: number;
  RegularKey?: string;
  signerList?: { quorum: number; entries: { account: string; weight: number }[] };
  lines?: LineSpec[];
}
export interface World {
  networkId: number | undefined;
  ledgerIndex: number;
  ledgerHash: string;
  closeTime: number;
  validated: boolean;
  reserveBase: number;
  reserveIncrement: number;
  /** XRPFees amendment on: FeeSettings holds *Drops fields. */
  xrpFees: boolean;
  accounts: Record<string, AccountSpec>;
  /** account_lines page size (to exercise markers). */
  linesPage?: number;
}

const H = (c: string) => c.repeat(64).slice(0, 64);

/** A ledger header as rippled's `ledger` method writes it (the fields its hash covers). */
export interface LedgerHeaderJson {
  account_hash: string;
  close_flags: number;
  close_time: number;
  close_time_resolution: number;
  ledger_index: string;
  parent_close_time: number;
  parent_hash: string;
  total_coins: string;
  transaction_hash: string;
}

/** The ledger header of `w` as rippled's `ledger` method writes it. */
export function header(w: Pick<World, 'closeTime' | 'ledgerIndex'>): LedgerHeaderJson {
  return {
    account_hash: H('B'),
    close_flags: 0,
    close_time: w.closeTime,
    close_time_resolution: 10,
    ledger_index: String(w.ledgerIndex),
    parent_close_time: w.closeTime - 3,
    parent_hash: H('C'),
    total_coins: '99986000000000000',
    transaction_hash: H('D'),
  };
}

/**
 * A ledger description; its `ledgerHash` is the hash of its header computed by `hash` (on every
 * read, so a test can change the close time).
 */
export function world(accounts: Record<string, AccountSpec>, hash: HashLedgerHeader): World {
  return {
    get ledgerHash(): string {
      return hash(header(this));
    },
    networkId: 0,
    ledgerIndex: 95_000_123,
    closeTime: 817_000_000,
    validated: true,
    reserveBase: 1_000_000,
    reserveIncrement: 200_000,
    xrpFees: true,
    accounts,
  };
}

export interface Recorder {
  fetch: FetchLike;
  calls: { method: string; params: Record<string, unknown> }[];
}

export function rippled(
  w: World,
  tweak?: (method: string, result: Record<string, unknown>) => void
): Recorder {
  const calls: Recorder['calls'] = [];
  const fetch: FetchLike = async (_url, init) => {
    const req = JSON.parse(init.body ?? '{}') as {
      method: string;
      params: Record<string, unknown>[];
    };
    const p = req.params[0] ?? {};
    calls.push({ method: req.method, params: p });
    const result = answer(w, req.method, p);
    tweak?.(req.method, result);
    return { ok: true, status: 200, text: async () => JSON.stringify({ result }) };
  };
  return { fetch, calls };
}

function pinned(w: World): Record<string, unknown> {
  return { ledger_hash: w.ledgerHash, ledger_index: w.ledgerIndex, validated: w.validated };
}

function error(p: Record<string, unknown>, error: string, code: number, message: string, w: World) {
  return {
    ...pinned(w),
    error,
    error_code: code,
    error_message: message,
    request: p,
    status: 'error',
  };
}

export function answer(
  w: World,
  method: string,
  p: Record<string, unknown>
): Record<string, unknown> {
  const atLedger =
    p.ledger_hash === undefined ||
    p.ledger_hash === w.ledgerHash ||
    p.ledger_index === w.ledgerIndex;
  if (method === 'server_state')
    return {
      state: {
        build_version: '2.4.0',
        complete_ledgers: `32570-${w.ledgerIndex + 20}`,
        io_latency_ms: 1,
        load_base: 256,
        load_factor: 256,
        ...(w.networkId === undefined ? {} : { network_id: w.networkId }),
        peers: 21,
        pubkey_node: 'n9KQK8yvTDcZdGyhu2EGdDnFPEBSsY5wEgpU5GgpygTgLFsjQyPt',
        server_state: 'full',
        validated_ledger: {
          base_fee: 10,
          close_time: w.closeTime + 60,
          hash: H('A'),
          reserve_base: w.reserveBase,
          reserve_inc: w.reserveIncrement,
          seq: w.ledgerIndex + 20,
        },
        validation_quorum: 28,
      },
      status: 'success',
    };
  if (!atLedger) return error(p, 'lgrNotFound', 21, 'ledgerNotFound', w);
  if (method === 'ledger')
    return {
      ledger: {
        ...header(w),
        close_time_human: new Date((w.closeTime + 946_684_800) * 1000).toUTCString(),
        close_time_iso: new Date((w.closeTime + 946_684_800) * 1000)
          .toISOString()
          .replace('.000Z', 'Z'),
        closed: true,
        ledger_hash: w.ledgerHash,
      },
      ...pinned(w),
      status: 'success',
    };
  if (method === 'ledger_entry')
    return {
      index: p.index,
      ...pinned(w),
      node: {
        BaseFeeDrops: '10',
        Flags: 0,
        LedgerEntryType: 'FeeSettings',
        ...(w.xrpFees
          ? {
              ReserveBaseDrops: String(w.reserveBase),
              ReserveIncrementDrops: String(w.reserveIncrement),
            }
          : {
              ReserveBase: w.reserveBase,
              ReserveIncrement: w.reserveIncrement,
              BaseFee: '000000000000000A',
              ReferenceFeeUnits: 10,
            }),
        index: p.index,
      },
      status: 'success',
    };
  const a = w.accounts[p.account as string];
  if (!a) return error(p, 'actNotFound', 19, 'Account not found.', w);
  if (method === 'account_info')
    return {
      account_data: {
        Account: p.account,
        Balance: a.Balance,
        Flags: a.Flags ?? 0,
        LedgerEntryType: 'AccountRoot',
        OwnerCount: a.OwnerCount ?? 0,
        PreviousTxnID: H('E'),
        PreviousTxnLgrSeq: w.ledgerIndex - 5,
        ...(a.RegularKey ? { RegularKey: a.RegularKey } : {}),
        Sequence: a.Sequence ?? 81_000_000,
        index: H('F'),
      },
      account_flags: {
        defaultRipple: false,
        depositAuth: false,
        disableMasterKey: ((a.Flags ?? 0) & 0x00100000) !== 0,
        disallowIncomingXRP: false,
        globalFreeze: false,
        noFreeze: false,
        passwordSpent: false,
        requireAuthorization: false,
        requireDestinationTag: false,
      },
      ...pinned(w),
      status: 'success',
    };
  if (method === 'account_objects')
    return {
      account: p.account,
      account_objects: a.signerList
        ? [
            {
              Flags: 0,
              LedgerEntryType: 'SignerList',
              OwnerNode: '0',
              PreviousTxnID: H('E'),
              PreviousTxnLgrSeq: w.ledgerIndex - 9,
              SignerEntries: a.signerList.entries.map((e) => ({
                SignerEntry: { Account: e.account, SignerWeight: e.weight },
              })),
              SignerListID: 0,
              SignerQuorum: a.signerList.quorum,
              index: H('9'),
            },
          ]
        : [],
      ...pinned(w),
      status: 'success',
    };
  if (method === 'account_lines') {
    const all = a.lines ?? [];
    const per = w.linesPage ?? 400;
    const start = p.marker === undefined ? 0 : Number(String(p.marker).split(',')[1]);
    const page = all.slice(start, start + per);
    return {
      account: p.account,
      lines: page.map((l) => ({
        account: l.account,
        balance: l.balance,
        currency: l.currency,
        limit: l.limit ?? '1000000000',
        limit_peer: '0',
        no_ripple: true,
        no_ripple_peer: false,
        quality_in: 0,
        quality_out: 0,
        ...(l.freeze ? { freeze_peer: true } : {}),
      })),
      ...pinned(w),
      ...(start + per < all.length ? { marker: `${H('7')},${start + per}` } : {}),
      status: 'success',
    };
  }
  return {
    error: 'unknownCmd',
    error_code: 32,
    error_message: 'Unknown method.',
    request: p,
    status: 'error',
  };
}
