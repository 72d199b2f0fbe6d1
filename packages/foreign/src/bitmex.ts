/**
 * BitMEX proof of liabilities — re-implemented from the rules of
 * BitMEX/proof-of-reserves-liabilities (validate_liabilities.py; commit in the package README).
 *
 * File: `block_height:N`, then one `hashHex,sats` line per node, breadth first from the root
 * (rows of 1, 2, 4 … nodes; the leaf row a power of two). Parent:
 * `SHA-256(leftHash ‖ u64le(leftSats) ‖ rightHash ‖ u64le(rightSats))`, its sats the children's
 * sum. A customer's leaf i: `HMAC-SHA256(key = nonce, u64le(sats) ‖ u64le(i))`. BitMEX's script
 * checks only the paths of the customer's leaves; Kura recomputes every node, streaming.
 * @module
 */
import {
  bytesToHex,
  concatBytes,
  equalBytes,
  hexToBytes,
  hmacSha256,
  InputError,
  sha256,
} from '@kura/codec';
import { noUserBinding, rootUnanchored } from './findings.js';
import { walkLevels } from './levels.js';
import type { LineSource } from './lines.js';
import { checkPublishedRoot } from './published-root.js';
import type { Finding, ForeignReport, ForeignVerdict } from './types.js';

const HEADER_RE = /^block_height:([0-9]+)$/;
const ROW_RE = /^([0-9a-fA-F]{64}),(-?[0-9]+)$/;
const U64 = 1n << 64n;

/** True if this is the first line of a BitMEX liabilities file. */
export const looksLikeBitmex = (firstLine: string): boolean =>
  HEADER_RE.test(firstLine.replace(/,+$/, ''));

interface Row {
  readonly hash: Uint8Array;
  readonly sats: bigint;
  readonly line: number;
}

function parseRow(text: string, line: number, file: string | undefined): Row {
  const m = ROW_RE.exec(text);
  if (!m) throw new InputError('expected "hash,sats" (64 hex digits, an integer)', { file, line });
  return { hash: hexToBytes(m[1]!.toLowerCase()), sats: BigInt(m[2]!), line };
}

function u64le(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  let x = v;
  for (let i = 0; i < 8; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** Verify a BitMEX liabilities file; with `nonce`, find the customer's leaves. */
export async function verifyBitmex(
  source: LineSource,
  file: string | undefined,
  opts: { root?: string | undefined; nonce?: string | undefined } = {}
): Promise<ForeignReport> {
  let nonce: Uint8Array | undefined;
  if (opts.nonce !== undefined) {
    if (!/^([0-9a-fA-F]{2})+$/.test(opts.nonce))
      throw new InputError('the nonce must be hex', { field: 'nonce' });
    nonce = hexToBytes(opts.nonce.toLowerCase());
  }
  // Pass 1: header, row count, leaf scan.
  let lineNo = 0;
  let rows = 0;
  let blockHeight: string | undefined;
  let root: Row | undefined;
  let levels = 0;
  let userSats = 0n;
  let userLeaves = 0;
  let negative: Row | undefined;
  for await (const text of source()) {
    lineNo++;
    if (lineNo === 1) {
      const m = HEADER_RE.exec(text.replace(/,+$/, ''));
      if (!m)
        throw new InputError('expected "block_height:N" on the first line', {
          file,
          line: 1,
          field: 'block_height',
        });
      blockHeight = m[1]!;
      continue;
    }
    const r = parseRow(text, lineNo, file);
    rows++;
    root ??= r;
    if ((r.sats < 0n || r.sats >= U64) && negative === undefined) negative = r;
    if (Number.isInteger(Math.log2(rows))) levels++;
  }
  if (root === undefined || blockHeight === undefined)
    throw new InputError('the file has no nodes', { file });
  // rows must be 2^k - 1 (complete rows of 1, 2, 4 … nodes)
  if (rows !== 2 ** levels - 1)
    throw new InputError(
      `the file is truncated or malformed: ${rows} nodes do not make complete rows of 1, 2, 4 … (BitMEX's own script silently drops an incomplete last row)`,
      { file, line: lineNo }
    );
  let verdict: ForeignVerdict = { ok: true };
  if (verdict.ok && negative !== undefined)
    verdict = {
      ok: false,
      code: 'VALUE_OUT_OF_RANGE',
      message: `line ${negative.line}: ${negative.sats} sats is not a 64-bit unsigned amount`,
    };
  // The customer's leaves: those of the leaf row whose HMAC under the nonce matches.
  if (nonce !== undefined && verdict.ok) {
    let i = 0;
    let n = 0;
    for await (const text of source()) {
      n++;
      if (n - 1 < 2 ** (levels - 1)) continue; // header + internal rows
      const r = parseRow(text, n, file);
      if (equalBytes(hmacSha256(nonce, u64le(r.sats), u64le(BigInt(i))), r.hash)) {
        userSats += r.sats;
        userLeaves++;
      }
      i++;
    }
  }
  if (verdict.ok) {
    const sizes = Array.from({ length: levels }, (_, i) => 2 ** i);
    const f = await walkLevels<Row, ForeignVerdict>(
      source,
      { sizes, skip: 1 },
      (t, n) => parseRow(t, n, file),
      (p, l, r, level) => {
        const sum = l.sats + r.sats;
        if (sum !== p.sats)
          return {
            ok: false,
            code: 'NODE_SUM_MISMATCH',
            message: `line ${p.line}: ${p.sats} sats is not the sum ${sum} of lines ${l.line} and ${r.line}`,
            level,
          };
        if (sum >= U64)
          return {
            ok: false,
            code: 'VALUE_OUT_OF_RANGE',
            message: `line ${p.line}: the sum ${sum} does not fit 64 bits`,
            level,
          };
        const h = sha256(concatBytes(l.hash, u64le(l.sats), r.hash, u64le(r.sats)));
        if (!equalBytes(h, p.hash))
          return {
            ok: false,
            code: 'NODE_HASH_MISMATCH',
            message: `line ${p.line}: hash ${bytesToHex(p.hash)} is not the hash ${bytesToHex(h)} of lines ${l.line} and ${r.line}`,
            level,
          };
        return undefined;
      },
      () => undefined
    );
    if (f !== undefined) verdict = f;
  }
  const rootHex = bytesToHex(root.hash);
  if (verdict.ok && nonce !== undefined && userLeaves === 0)
    verdict = {
      ok: false,
      code: 'LEAF_NOT_FOUND',
      message: 'no leaf of the tree matches your nonce',
      level: 1,
    };
  verdict = checkPublishedRoot(verdict, rootHex, opts.root, levels, true);
  const leaves = 2 ** (levels - 1);
  const findings: Finding[] = [
    {
      id: 'ALL_BALANCES_PUBLIC',
      count: leaves,
      value: String(leaves),
      message: `The file publishes the balance of all ${leaves} leaves in clear: anyone can read every account's holdings (split or not) and follow them from proof to proof.`,
    },
    {
      id: 'SINGLE_ASSET_ONLY',
      value: 'XBt',
      message:
        'The tree covers one asset (bitcoin, in satoshis); liabilities in any other asset are not in it.',
    },
    {
      id: 'NO_HEIGHT_BINDING',
      level: levels,
      count: levels,
      value: String(levels),
      message: `No hash and no header states the tree's height (${levels} levels here): a copy cut after any complete row still leads to the same root and total, so only finding your own leaves (with your nonce) shows the file reaches the leaves.`,
    },
    noUserBinding(
      'the per-proof nonce is handed to you by the exchange; only the "account nonce" route derives it from your account ID and the block height.'
    ),
  ];
  if (opts.root === undefined) findings.push(rootUnanchored(rootHex));
  return {
    format: 'bitmex',
    formatName: 'BitMEX proof of liabilities',
    verdict,
    root: { hash: rootHex, level: levels, balances: { XBt: root.sats.toString() } },
    ...(nonce !== undefined
      ? { user: { balances: { XBt: userSats.toString() }, leaves: userLeaves } }
      : {}),
    tree: { nodes: rows, leaves, height: levels },
    findings,
  };
}
