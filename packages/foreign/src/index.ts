/**
 * @kura/foreign — check the proofs of liabilities other exchanges publish (OKX v1 and v2, Bitget,
 * Bybit, BitMEX, Binance) under each exchange's own rules, and say what each format lets through.
 * Isomorphic: depends only on @kura/codec and @noble/*; the Node file helpers are in
 * `@kura/foreign/node`.
 * @module
 */
export {
  BINANCE_TREE_DEPTH,
  type BinanceProof,
  type BinanceRelease,
  binanceLeaf,
  binanceRoot,
  readBinance,
  verifyBinance,
} from './binance.js';
export { verifyBitget } from './bitget.js';
export { verifyBitmex } from './bitmex.js';
export { verifyBybit } from './bybit.js';
export { BYBIT_VERSIONS, type BybitVersion } from './bybit-assets.js';
export { detectJsonFormat, detectLineFormat } from './detect.js';
export { type LineSource, linesOfBlob, linesOfText, splitLines, streamChunks } from './lines.js';
export { verifyOkxV1 } from './okx.js';
export { verifyOkxTree } from './okx-tree.js';
export { BN254_R, type PoseidonChunk, poseidonBnb } from './poseidon-bnb.js';
export {
  type Balances,
  type Finding,
  type FindingId,
  FOREIGN_FORMATS,
  FORMAT_NAMES,
  type ForeignCode,
  type ForeignFormat,
  type ForeignOptions,
  type ForeignReport,
  type ForeignVerdict,
} from './types.js';
export {
  type ForeignInput,
  type ForeignInputCode,
  type ForeignOutcome,
  verifyForeign,
} from './verify.js';
