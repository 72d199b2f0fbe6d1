/**
 * The page's answer to @kura/confidential's WebAssembly cores (`wasm25519.ts`,
 * `generators-wasm.ts`): “unavailable”. The page's Content-Security-Policy has no
 * `'wasm-unsafe-eval'`, so the browser refuses to compile WebAssembly there and the package
 * would return these same answers at run time (`wasmCurve()` → null, `hashToGeneratorsAffine`
 * → null) and take its bigint / noble paths, which its own tests cover. The v2 chunk's build
 * (`vite.config.ts`) resolves those two modules to this file so the page does not download
 * about 4 KB of code that cannot run; verification itself never needs them (noble's Pippenger,
 * and the pinned generator table or noble's hash-to-curve).
 * @module
 */

/** Never constructed: no WebAssembly in the page. */
export class WasmCurve {
  private constructor() {
    throw new Error('WebAssembly is not available in the verifier page');
  }
}

/** Scratch-heap offset of the WebAssembly core (unused without it). */
export const HEAP = 1024;
/** Bytes of one point in the WebAssembly core's memory (unused without it). */
export const POINT_BYTES = 160;

/** No WebAssembly instance in the page. */
export function wasmCurve(): null {
  return null;
}
/** No WebAssembly instance in the page. */
export function newWasmCurve(): null {
  return null;
}
/** Only reachable with an instance, which the page never has. */
export function wasmMsm(): never {
  throw new Error('WebAssembly is not available in the verifier page');
}
/** Only reachable with an instance, which the page never has. */
export function wasmStraus(): never {
  throw new Error('WebAssembly is not available in the verifier page');
}
/** No WebAssembly hash-to-curve in the page: the caller derives with noble. */
export function hashToGeneratorsAffine(): null {
  return null;
}
