/**
 * `@kura/xrpl/testing`: the recorded-reply rippled for tests and the demo, not for production.
 * No rippled runs here, so {@link rippled} answers Kura's JSON-RPC calls in rippled's exact
 * reply shapes from a small ledger description ({@link world}); the caller supplies the
 * ledger-header hash function (tests and the demo use the `xrpl` library's).
 * @module
 */
export {
  type AccountSpec,
  answer,
  type HashLedgerHeader,
  header,
  type LedgerHeaderJson,
  type LineSpec,
  type Recorder,
  rippled,
  type World,
  world,
} from './testing/rippled.js';
