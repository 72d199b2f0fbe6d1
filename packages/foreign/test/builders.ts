/**
 * Test builders: write proofs in each exchange's format from chosen balances, following the
 * rules the adapters verify (anchored by the exchanges' own published samples, which must verify
 * too). Used to construct proofs that carry a given weakness.
 */
import { bytesToHex, concatBytes, hexToBytes, hmacSha256, sha256 } from '@kura/codec';
import { BINANCE_TREE_DEPTH, type BinanceProof, binanceLeaf, binanceRoot } from '../src/binance.js';
import { sha256Hex } from '../src/findings.js';
import { BN254_R } from '../src/poseidon-bnb.js';

type B3 = { BTC: string; ETH: string; USDT: string };
const j3 = (b: B3): string => `{"BTC":"${b.BTC}","ETH":"${b.ETH}","USDT":"${b.USDT}"}`;
const c3 = (b: B3): string => b.BTC + b.ETH + b.USDT;

/** Exact decimal add for tests, printed without trailing zeros, cut toward zero to 8 decimals. */
export function addDec(a: string, b: string, cut = 8): string {
  const sc = (s: string): number => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0);
  const s = Math.max(sc(a), sc(b));
  const n = (x: string): bigint => BigInt(x.replace('.', '')) * 10n ** BigInt(s - sc(x));
  let v = n(a) + n(b);
  let scale = s;
  if (scale > cut) {
    v /= 10n ** BigInt(scale - cut);
    scale = cut;
  }
  const neg = v < 0n;
  let t = (neg ? -v : v).toString().padStart(scale + 1, '0');
  if (scale > 0) t = `${t.slice(0, -scale)}.${t.slice(-scale)}`.replace(/\.?0+$/, '');
  return (neg && t !== '0' ? '-' : '') + t;
}
const add3 = (a: B3, b: B3): B3 => ({
  BTC: addDec(a.BTC, b.BTC),
  ETH: addDec(a.ETH, b.ETH),
  USDT: addDec(a.USDT, b.USDT),
});

/** An OKX v1 proof: the customer's leaf, then siblings bottom-up (left = sibling on the left). */
export function okxV1(
  self: { nonce: string; bal: B3; type: 1 | 2 },
  siblings: { hash?: string; bal: B3; left: boolean }[],
  override?: { rootBal?: B3 }
): { json: string; root: string } {
  const selfHash = sha256Hex(self.nonce + j3(self.bal));
  let hash = selfHash;
  let bal = self.bal;
  const path: unknown[] = [];
  let height = 1;
  for (const [i, s] of siblings.entries()) {
    const sh = s.hash ?? sha256Hex(`sibling${i}`);
    const type = i === 0 ? (self.type === 1 ? 2 : 1) : s.left ? 1 : 2;
    path.push({ balances: s.bal, type, hash: sh, height });
    const [l, r] = (i === 0 ? self.type === 2 : s.left) ? [sh, hash] : [hash, sh];
    bal = add3(bal, s.bal);
    height++;
    hash = sha256Hex(
      l + r + c3(override?.rootBal && i === siblings.length - 1 ? override.rootBal : bal) + height
    );
  }
  path.push({ balances: override?.rootBal ?? bal, type: 3, hash, height });
  return {
    json: JSON.stringify({
      path,
      self: { balances: self.bal, type: self.type, nonce: self.nonce, hash: selfHash, height: 1 },
    }),
    root: hash,
  };
}

function u64le(v: bigint): Uint8Array {
  const o = new Uint8Array(8);
  for (let i = 0; i < 8; i++) o[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return o;
}

/** A BitMEX liabilities CSV from leaf amounts (a power of two of them) and their nonces. */
export function bitmex(leaves: { sats: bigint; nonce: string }[], blockHeight = 800000): string {
  let row = leaves.map((l, i) => ({
    hash: hmacSha256(hexToBytes(l.nonce), u64le(l.sats), u64le(BigInt(i))),
    sats: l.sats,
  }));
  const rows = [row];
  while (row.length > 1) {
    const next: typeof row = [];
    for (let i = 0; i < row.length; i += 2) {
      const a = row[i]!;
      const b = row[i + 1]!;
      next.push({
        hash: sha256(concatBytes(a.hash, u64le(a.sats), b.hash, u64le(b.sats))),
        sats: a.sats + b.sats,
      });
    }
    rows.unshift(next);
    row = next;
  }
  return `block_height:${blockHeight}\n${rows
    .flat()
    .map((n) => `${bytesToHex(n.hash)},${n.sats}`)
    .join('\n')}\n`;
}

/**
 * Fixed-scale text of a count of 1e-8 units, cut toward zero to `scale` decimals (Bybit's
 * `setScale(scale, DOWN).toPlainString()`; scale 8 unless given).
 */
const fixScale = (u: bigint, scale = 8): string => {
  const neg = u < 0n;
  const cut = (neg ? -u : u) / 10n ** BigInt(8 - scale);
  const s = cut.toString().padStart(scale + 1, '0');
  return `${neg && cut !== 0n ? '-' : ''}${scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`}`;
};
const fix8 = (u: bigint): string => fixScale(u);

/**
 * A Bybit proof for an asset list: the customer's leaf (units of 1e-8 per asset) and siblings
 * bottom-up (each a balance in units, `left` = sibling on the left).
 */
export function bybit(
  assets: readonly string[],
  self: bigint[],
  siblings: { units: bigint[]; left: boolean }[],
  scales: Readonly<Record<string, number>> = {}
): string {
  const userHash = sha256Hex('user');
  const bal = (u: bigint[], sum = false): Record<string, string> =>
    Object.fromEntries(assets.map((a, i) => [a, sum ? fixScale(u[i]!, scales[a]) : fix8(u[i]!)]));
  const cat = (u: bigint[], sum = false): string =>
    assets.map((a, i) => (sum ? fixScale(u[i]!, scales[a]) : fix8(u[i]!))).join('');
  const selfHash = sha256Hex(userHash + cat(self));
  let hash = selfHash;
  let sum = self;
  const path: unknown[] = [];
  for (const [i, s] of siblings.entries()) {
    const sh = sha256Hex(`sib${i}`);
    path.push({ type: s.left ? 1 : 2, hash: sh, height: i + 1, balance: bal(s.units) });
    // each parent's sum is cut to the asset's scale before the next level adds to it
    sum = sum.map((v, k) => {
      const cut = 10n ** BigInt(8 - (scales[assets[k]!] ?? 8));
      const t = v + s.units[k]!;
      return (t / cut) * cut;
    });
    const [l, r] = s.left ? [sh, hash] : [hash, sh];
    hash = sha256Hex(l + r + cat(sum, true) + (i + 2));
  }
  path.push({ type: 3, hash, height: siblings.length + 1, balance: bal(sum, true) });
  return JSON.stringify({
    self: {
      type: siblings[0]!.left ? 2 : 1,
      hash: selfHash,
      height: 1,
      userHash,
      balance: bal(self),
    },
    path,
  });
}

/** A Binance `user_config.json` written from chosen values; siblings derived from `seed`. */
export function binance(o: {
  release: '2023' | '2024';
  accountIndex: number;
  idHash?: string;
  totals: { equity: bigint; debt: bigint; collateral?: bigint };
  assets: {
    index: number;
    equity: bigint;
    debt: bigint;
    loan?: bigint;
    margin?: bigint;
    pm?: bigint;
  }[];
  seed?: string;
  siblings?: bigint[];
}): { json: string; root: string; leaf: bigint } {
  const idHash = o.idHash ?? bytesToHex(sha256(new TextEncoder().encode('customer')));
  const proof: BinanceProof = {
    release: o.release,
    accountIndex: o.accountIndex,
    accountIdHash: BigInt(`0x${idHash}`) % BN254_R,
    totalEquity: o.totals.equity,
    totalDebt: o.totals.debt,
    ...(o.release === '2024' ? { totalCollateral: o.totals.collateral ?? 0n } : {}),
    assets: o.assets.map((a) => ({
      index: a.index,
      equity: a.equity,
      debt: a.debt,
      loan: a.loan ?? 0n,
      margin: a.margin ?? 0n,
      portfolioMargin: a.pm ?? 0n,
    })),
    root: '',
    proof: [],
  };
  const leaf = binanceLeaf(proof);
  if (typeof leaf === 'string') throw new Error(leaf);
  const siblings =
    o.siblings ??
    Array.from(
      { length: BINANCE_TREE_DEPTH },
      (_, i) =>
        BigInt(`0x${bytesToHex(sha256(new TextEncoder().encode(`${o.seed ?? 's'}/${i}`)))}`) %
        BN254_R
    );
  const root = binanceRoot(leaf, o.accountIndex, siblings).toString(16).padStart(64, '0');
  const b64 = (x: bigint): string =>
    Buffer.from(x.toString(16).padStart(64, '0'), 'hex').toString('base64');
  const assets = proof.assets.map((a) =>
    o.release === '2024'
      ? `{"Index":${a.index},"Equity":${a.equity},"Debt":${a.debt},"Loan":${a.loan},"Margin":${a.margin},"PortfolioMargin":${a.portfolioMargin}}`
      : `{"Index":${a.index},"Equity":${a.equity},"Debt":${a.debt}}`
  );
  const json = `{\n  "AccountIndex": ${o.accountIndex},\n  "AccountIdHash": "${proof.accountIdHash.toString(16).padStart(64, '0')}",\n  "TotalEquity": ${o.totals.equity},\n  "TotalDebt": ${o.totals.debt},\n${o.release === '2024' ? `  "TotalCollateral": ${proof.totalCollateral},\n` : ''}  "Assets": [\n    ${assets.join(',\n    ')}\n  ],\n  "Root": "${root}",\n  "Proof": [\n    ${siblings.map((s) => `"${b64(s)}"`).join(',\n    ')}\n  ]\n}\n`;
  return { json, root, leaf };
}
