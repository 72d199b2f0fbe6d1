/**
 * Choosing a {@link DigestEngine}: WebAssembly SIMD (4 lanes) where the runtime supports it,
 * plain JavaScript otherwise or when asked (`KURA_TREE_ENGINE=js`). Both give identical bytes.
 * @module
 */
import { type DigestEngine, JsDigestEngine } from './engine.js';
import { SimdDigestEngine, simdModule } from './sha256-simd.js';

/** `simd`, `js`, or `auto` (SIMD if available). */
export type EngineKind = 'auto' | 'simd' | 'js';

/** The engine kind `auto` resolves to here. */
export function defaultEngine(): 'simd' | 'js' {
  const env = typeof process === 'object' ? process.env.KURA_TREE_ENGINE : undefined;
  if (env === 'js') return 'js';
  return simdModule() ? 'simd' : 'js';
}

/** An engine with an arena of `bytes` bytes. */
export function createEngine(bytes: number, kind: EngineKind = 'auto'): DigestEngine {
  const k = kind === 'auto' ? defaultEngine() : kind;
  if (k === 'simd') {
    const m = simdModule();
    if (!m) throw new RangeError('WebAssembly SIMD is not available in this runtime');
    return new SimdDigestEngine(bytes, m);
  }
  return new JsDigestEngine(bytes);
}
