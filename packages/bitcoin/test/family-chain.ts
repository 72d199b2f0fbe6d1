/** The Core-shaped family-chain harness now lives in `@kura/bitcoin/testing` (the demo uses it too). */
export * from '../src/testing/family-chain.js';
