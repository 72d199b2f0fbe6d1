/**
 * `@kura/demo` — the demo of `npm run demo` as a library (Node only): local bcoin regtest and
 * anvil nodes, Litecoin and XRP Ledger endpoints in recorded-reply shapes, a synthetic exchange
 * (keys, customers, funded and proven reserve wallets, config), its month run through
 * `@kura/month`, and the demo auditor's counter-signature. Nothing in it parses arguments,
 * prints or exits: the `npm run demo` command is `cli/src/demo/main.ts`.
 * @module
 */
export {
  type BtcSetup,
  type BtcWallet,
  bitcoinChain,
  fundBitcoin,
  prepareBitcoin,
} from './bitcoin.js';
export {
  demoAssets,
  generateCustomers,
  loadCustomersPostgres,
  PG_QUERY,
  PG_TABLE,
  Rng,
  writeCustomersCsv,
} from './customers.js';
export { prepareDemoDir, sampleBalances } from './directory.js';
export { type EthPlan, type EthSetup, type EthWallet, setupEthereum } from './ethereum.js';
export {
  BTC_CONFIRMATIONS,
  buildExchange,
  DEMO_FILES,
  DEMO_PRICES,
  DEMO_TOKEN,
  type DemoKeys,
  type DemoReplays,
  ETH_CONFIRMATIONS,
  type ExchangeBuilt,
  type ExchangeOptions,
  LTC_CONFIRMATIONS,
} from './exchange.js';
export {
  LTC_CHAIN,
  LTC_CHAIN_NAME,
  LTC_NETWORK,
  type LtcSetup,
  type LtcWallet,
  setupLitecoin,
} from './litecoin.js';
export { AnvilDemoNode, BcoinDemoNode, killAllNodesNow, stopAllNodes } from './nodes.js';
export {
  DEMO_AUDIT_DIR,
  type DemoAudit,
  type DemoHandle,
  type DemoOptions,
  demoAudit,
  runDemoMonth,
  setupDemo,
} from './pipeline.js';
export { fromFetch, type ReplayHandler, ReplayServer } from './replay.js';
export { type StaticServer, serveDirectory, VERIFIER_PATH } from './serve.js';
export { shellWord, tryCommands } from './try.js';
export { DEMO_V2_SAMPLE, type DemoProtocol, demoTreeDecimals, v2Config } from './v2.js';
export { setupXrpl, XRPL_DEMO_CHAIN, type XrpAccount, type XrpSetup } from './xrpl.js';
