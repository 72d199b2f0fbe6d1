/**
 * Local chain nodes for the demo (and the end-to-end tests): a bcoin regtest full node
 * (`@kura/bitcoin/testing`'s launcher) and an anvil node (`@kura/ethereum/testing`'s launcher),
 * each on 127.0.0.1 with random free ports, each under `@kura/codec/testing`'s watchdog (no orphans, even if the demo is killed).
 * @module
 */
import { BcoinRegtest } from '@kura/bitcoin/testing';
import { killAllSupervisedNow, stopAllSupervised } from '@kura/codec/testing';
import { AnvilNode } from '@kura/ethereum/testing';

/**
 * The demo's nodes: bcoin regtest (in-memory chain, tx and address indexes, no wallet) and anvil
 * (unlocked dev accounts, automine).
 */
export { AnvilNode as AnvilDemoNode, BcoinRegtest as BcoinDemoNode };

/** Stop every node this process started (for signal handlers: nodes still starting included). */
export const stopAllNodes: () => Promise<void> = stopAllSupervised;

/** Synchronous last resort on process exit: SIGKILL every node's process group. */
export const killAllNodesNow: () => void = killAllSupervisedNow;
