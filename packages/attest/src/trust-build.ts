/**
 * Building a trust file (`kura-trust/1`, SPEC §12) from public-key files — the `<key>.pub.json`
 * that `kura keys gen` / `kura keys pub` write (`{alg, publicKey, fingerprint}` with optional
 * `role`, `name`, `validFrom`, `validUntil`). Every key is checked as a verifier would
 * ({@link parseTrust}: a valid point, the fingerprint recomputed, one role per key, no key
 * twice); every error is an `InputError` naming the public-key file it comes from.
 * @module
 */
import { InputError, KuraError } from '@kura/codec';
import type { Role } from './attestation.js';
import { parseTrust, TRUST_VERSION, type TrustFile } from './trust.js';

/**
 * The parsed JSON `v` of the public-key file `file` as a trust entry of `role` (given by the
 * caller, e.g. `--exchange`, or else the file's own `role`; when both are given they must agree).
 * Refuses another kind of Kura document, a private key, a missing role, and a key a verifier
 * would refuse.
 */
export function trustEntryFromKeyFile(
  v: unknown,
  file: string,
  role?: Role
): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new InputError(
      'expected a public-key file: a JSON object {alg, publicKey, fingerprint}',
      {
        file,
      }
    );
  const o = { ...(v as Record<string, unknown>) };
  if (typeof o.version === 'string')
    throw new InputError(
      `this is a ${o.version} document, expected a public-key file (kura keys gen writes <key>.pub.json)`,
      { file, field: 'version' }
    );
  if ('privateKey' in o || 'secret' in o)
    throw new InputError('this file holds a private key; give the .pub.json file', { file });
  if (role !== undefined && o.role !== undefined && o.role !== role)
    throw new InputError(`the file says role "${String(o.role)}", the option says ${role}`, {
      file,
      field: 'role',
    });
  const r = role ?? o.role;
  if (r === undefined)
    throw new InputError('no role: give the file with --exchange or --auditor', {
      file,
      field: 'role',
    });
  const entry = { ...o, role: r };
  try {
    parseTrust({ version: TRUST_VERSION, keys: [entry] });
  } catch (e) {
    if (e instanceof KuraError)
      throw new InputError(e.message.replace(/^\$\.keys\[0\]\.?/, ''), { file }, { cause: e });
    throw e;
  }
  return entry;
}

/**
 * The trust file of `keys` (each from {@link trustEntryFromKeyFile}; `files[i]` is the file of
 * `keys[i]`): checked across the keys (one role per key, no key twice), a failure naming the
 * file of the key at fault with the check's code.
 */
export function buildTrustFile(
  keys: readonly Record<string, unknown>[],
  files: readonly string[]
): TrustFile {
  try {
    return parseTrust({ version: TRUST_VERSION, keys });
  } catch (e) {
    const i = e instanceof KuraError ? /\$\.keys\[(\d+)\]/.exec(e.message) : null;
    if (!i) throw e;
    throw new InputError(
      `${(e as KuraError).code}: ${(e as KuraError).message.replace(/^\$\.keys\[\d+\]:? ?/, '')}`,
      { file: files[Number(i[1])]! },
      { cause: e }
    );
  }
}
