/**
 * `@kura/bitcoin/testing`: harnesses for tests and the demo, not for production use.
 * {@link FamilyChain} builds a small chain on a family coin's regtest genesis (Litecoin,
 * Dogecoin, Monacoin, Bitcoin Cash) and answers Kura's Core-derived JSON-RPC calls over it in the
 * exact reply shapes of Bitcoin Core — the recorded-reply source for coins no node of which
 * installs from npm here.
 * @module
 */
export { FamilyChain, type Payment } from './testing/family-chain.js';
