/**
 * Lazily loaded verifier chunks, pinned by hash. The page's initial script holds what every
 * customer needs (the page, the v1 proof verifier, the attestation verifier); the verifier of a
 * protocol-v2 proof (ristretto255, Bulletproofs) is a separate, self-contained ES module next to
 * the page, downloaded only by a customer whose proof needs it.
 *
 * The build (`vite.config.ts`, plugin `kura-lazy-chunks`) writes each chunk as
 * `kura-<name>-<12 hex>.js` and bakes its file name and SHA-256 into the initial script. Loading
 * fetches the exact bytes from this page's origin (no credentials, no redirects), refuses them
 * unless their SHA-256 is the pinned one, and only then runs them, from a `blob:` URL of those
 * same bytes (so the server cannot swap the code between the check and the import). The page's
 * own hash therefore still covers every line of code it can run: its script pins the chunks.
 * A chunk bundles no copy of what the page already holds (@noble hashes and curves,
 * @kura/codec): the build rewrote its imports into reads of `host` (`virtual:kura-host`), set
 * here only while the chunk's top level runs.
 * @module
 */

import { host } from 'virtual:kura-host';
import { bytesToHex, sha256 } from '@kura/codec';

/** One chunk as the build pinned it. */
export interface ChunkPin {
  /** File name next to the page (`kura-v2-<12 hex>.js`). */
  readonly file: string;
  /** Lower-case hex SHA-256 of the file's bytes. */
  readonly sha256: string;
}

/** The chunks the build produced (absent when the sources run unbundled, e.g. under Vitest). */
declare const __KURA_CHUNKS__: Readonly<Record<string, ChunkPin>> | undefined;

/** The pins baked in at build time. */
export function chunkPins(): Readonly<Record<string, ChunkPin>> {
  return typeof __KURA_CHUNKS__ === 'object' && __KURA_CHUNKS__ !== null ? __KURA_CHUNKS__ : {};
}

/** Why a chunk could not be loaded (a could-not-check problem, never a verdict). */
export class ChunkLoadError extends Error {
  constructor(
    readonly code: 'CHUNK_MISSING' | 'CHUNK_FETCH_FAILED' | 'CHUNK_HASH_MISMATCH',
    message: string
  ) {
    super(message);
    this.name = 'ChunkLoadError';
  }
}

const loaded = new Map<string, Promise<unknown>>();
/** Chunk imports under way (the host stays set until the last one has run). */
let importing = 0;

/**
 * Load chunk `name` once per page: fetch, check its SHA-256 against the pin, import it.
 * Rejects with a {@link ChunkLoadError} naming what went wrong.
 */
export function loadChunk<T>(name: string): Promise<T> {
  let p = loaded.get(name);
  if (!p) {
    p = fetchAndImport(name);
    // A failed load may be retried (e.g. after the network came back).
    p.catch(() => loaded.delete(name));
    loaded.set(name, p);
  }
  return p as Promise<T>;
}

/**
 * Fetch the pinned file `name` from next to the page and check its SHA-256 against the pin.
 * Used for the chunks and for data files (the v2 generator table). Rejects with a
 * {@link ChunkLoadError}.
 */
export async function loadPinned(name: string): Promise<Uint8Array> {
  const pin = chunkPins()[name];
  if (!pin) throw new ChunkLoadError('CHUNK_MISSING', `this build has no "${name}" file`);
  const url = new URL(pin.file, document.baseURI);
  let bytes: Uint8Array;
  try {
    const res = await fetch(url.href, {
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new ChunkLoadError(
      'CHUNK_FETCH_FAILED',
      `${pin.file}: ${e instanceof Error ? e.message : String(e)}`
    );
  }
  const got = bytesToHex(sha256(bytes));
  if (got !== pin.sha256)
    throw new ChunkLoadError(
      'CHUNK_HASH_MISMATCH',
      `${pin.file}: SHA-256 ${got}, the page pins ${pin.sha256}`
    );
  return bytes;
}

async function fetchAndImport(name: string): Promise<unknown> {
  const bytes = await loadPinned(name);
  const blobUrl = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'text/javascript' }));
  // The chunk reads the page's shared modules (hashes, curves, codec) from `__kuraHost` while
  // its top level runs, then never again; the property is removed right after.
  const g = globalThis as { __kuraHost?: unknown };
  g.__kuraHost = host;
  importing += 1;
  try {
    return await import(/* @vite-ignore */ blobUrl);
  } finally {
    importing -= 1;
    if (importing === 0) delete g.__kuraHost;
    URL.revokeObjectURL(blobUrl);
  }
}
