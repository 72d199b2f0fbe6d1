/**
 * What kind of file the customer gave, told by its `version` field (`kura-proof/1`,
 * `kura-attestation/1`, `kura-trust/1`, …) — so a file dropped into the wrong box is named
 * (“this is the monthly report; drop your balance file here”) instead of failing a check, and
 * a picture or a PDF is recognised as such instead of being “loaded”.
 * @module
 */

/** The kinds of file the page can name. Only the first three (and `attestation` for earlier months) are used. */
export type FileKind =
  | 'proof'
  | 'attestation'
  | 'trust'
  | 'root'
  | 'evidence'
  | 'policy'
  | 'key'
  | 'json'
  | 'image'
  | 'pdf'
  | 'text'
  | 'binary'
  | 'empty';

/** `version` prefixes of the Kura file formats (the part before `/`). */
const VERSIONS: Record<string, FileKind> = {
  'kura-proof': 'proof',
  'kura-attestation': 'attestation',
  'kura-trust': 'trust',
  'kura-root': 'root',
  'kura-evidence': 'evidence',
  'kura-policy': 'policy',
  'kura-key': 'key',
};

const startsWith = (b: Uint8Array, sig: readonly number[]): boolean =>
  b.length >= sig.length && sig.every((x, i) => b[i] === x);

/**
 * The kind of `bytes`. Cheap and display-only: the packages still parse every file strictly; a
 * file named `proof` here can still fail the proof checks.
 */
export function fileKind(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]))
    return 'image';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) || startsWith(bytes, [0x52, 0x49, 0x46, 0x46]))
    return 'image';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'binary';
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    // Damaged JSON may still name its version: a truncated proof is still a proof.
    const m = /^\s*\{[\s\S]*?"version"\s*:\s*"(kura-[a-z]+)\//.exec(text);
    return (m && VERSIONS[m[1]!]) || 'text';
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'json';
  const version = (v as { version?: unknown }).version;
  if (typeof version !== 'string') return 'json';
  return VERSIONS[version.split('/')[0] ?? ''] ?? 'json';
}
