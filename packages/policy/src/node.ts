/**
 * @kura/policy/node — Node-only helpers: the policy files shipped with the package (found relative
 * to this module, so they resolve from the built package) and loading a policy by id or path.
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '@kura/codec';
import { readFileOrThrow } from '@kura/codec/node';
import { type LoadedPolicy, parsePolicy } from './policy-file.js';

/** Directory of the policy files shipped with @kura/policy (`policies/` beside `dist/`). */
export const POLICIES_DIR: string = fileURLToPath(new URL('../policies/', import.meta.url));

/** The package's summary of the rules the shipped policies cite as `regulation.md §N`. */
export const REGULATION_NOTE: string = fileURLToPath(new URL('../regulation.md', import.meta.url));

/** A shipped policy file, loaded. */
export interface ShippedPolicy extends LoadedPolicy {
  /** Absolute path of the file. */
  readonly file: string;
}

/** Load every shipped policy, sorted by id. Throws if a shipped file is invalid. */
export function listPolicies(dir: string = POLICIES_DIR): ShippedPolicy[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      return { ...parsePolicy(readFileOrThrow(file), file), file };
    })
    .sort((a, b) => (a.policy.id < b.policy.id ? -1 : a.policy.id > b.policy.id ? 1 : 0));
}

/**
 * Load a policy by shipped id (e.g. `JP-FSA-2026`) or by file path. A path is anything that
 * exists as a file or ends in `.json`.
 */
export function loadPolicy(idOrPath: string, dir: string = POLICIES_DIR): ShippedPolicy {
  if (idOrPath.endsWith('.json') || (existsSync(idOrPath) && statSync(idOrPath).isFile()))
    return { ...parsePolicy(readFileOrThrow(idOrPath), idOrPath), file: idOrPath };
  const all = listPolicies(dir);
  const hit = all.find((p) => p.policy.id === idOrPath);
  if (!hit)
    throw new InputError(
      `no shipped policy "${idOrPath}"; shipped: ${all.map((p) => p.policy.id).join(', ')}`,
      { field: 'policy' }
    );
  return hit;
}
