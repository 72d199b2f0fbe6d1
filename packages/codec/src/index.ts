/**
 * @kura/codec — the isomorphic encodings every Kura package shares: errors, strict hex and
 * fixed-width integers, exact amounts, SHA-256 / tagged hash / HMAC, RFC 8785 JCS and a strict
 * JSON parser. Depends only on @noble/hashes.
 * @module
 */
export {
  AMOUNT_RE,
  formatAmount,
  formatUnits,
  MAX_LEAF,
  parseAmount,
  parseUnits,
} from './amount.js';
export { base64ToBytes, bytesToBase64 } from './base64.js';
export {
  bytesToHex,
  concatBytes,
  equalBytes,
  hexToBytes,
  isLowerHex,
  isNfc,
  isWellFormed,
  readUintBE,
  u8,
  u32,
  u64,
  u128,
  utf8,
  utf8Raw,
  writeUintBE,
} from './bytes.js';
export {
  answerKey,
  crossCheck,
  type Disagreement,
  firstDisagreement,
  sameAnswer,
} from './crosscheck.js';
export {
  add,
  cmp,
  type Decimal,
  dec,
  div,
  formatDecimal,
  formatFixed,
  fromBaseUnits,
  isZero,
  max,
  min,
  mul,
  normalize,
  parseDecimal,
  pow10,
  type Rounding,
  rescale,
  sub,
} from './decimal.js';
export {
  BAD_ENCODING_CODES,
  type DocumentCodes,
  DocumentError,
  placeError,
  type ReadJsonOptions,
  type ReadOptions,
  readDocument,
  readJson,
  toDocumentError,
  validate,
} from './document.js';
export {
  EncodingError,
  fail,
  formatLocated,
  InputError,
  type InputLocation,
  KuraError,
  SourceError,
  type VerifyFailure,
  type VerifyOk,
  type VerifyResult,
} from './errors.js';
export { hmacSha256, sha256, taggedHash } from './hash.js';
export {
  clientEndpoint,
  describeFailure,
  type FetchLike,
  type FetchReply,
  type HttpReply,
  NodeError,
  type NodeErrorCodes,
  type NodeErrorKind,
  NodeHttp,
  type NodeHttpOptions,
  type NodeRequestInit,
  parseRetryAfter,
  SOURCE_CODES,
} from './http.js';
export { canonicalize, type JsonValue, jcs } from './jcs.js';
export {
  isCanonicalInt,
  type JsonErrorCode,
  JsonParseError,
  jsonPath,
  locateJsonPath,
  parseJsonBytes,
  parseJsonPath,
  parseJsonStrict,
  type StrictJsonOptions,
} from './json.js';
export { type JsonRow, oncePerLine, readJsonLinesOf } from './jsonl.js';
export {
  type JsonRpcCall,
  JsonRpcClient,
  type JsonRpcErrorObject,
  type JsonRpcOutcome,
  jsonRpcRequest,
  readJsonRpcBatch,
  readJsonRpcReply,
} from './jsonrpc.js';
export { type JsonSchema, schemaOf, toJsonSchema } from './schema.js';
export {
  type ArrOptions,
  amount,
  anyOf,
  arr,
  bool,
  decimalString,
  describeValue,
  distinctBy,
  findIssue,
  hex,
  type Infer,
  type IssueKind,
  int,
  isObject,
  isRealDate,
  json,
  literal,
  nullable,
  type ObjOptions,
  type ObjType,
  obj,
  oneOf,
  ordered,
  record,
  refine,
  type Shape,
  type ShapeDef,
  ShapeIssue,
  type StrOptions,
  select,
  showValue,
  str,
  utcTime,
} from './shape.js';
export { redactUrl, urlCredentials } from './url.js';
export {
  compileWasm,
  sleb,
  uleb,
  WASM_I32,
  WASM_I64,
  WASM_V128,
  WasmCode,
  wasmModule,
  wasmName,
  wasmSection,
} from './wasm.js';
