/**
 * The last check every format shares: when the customer gives the root the exchange published,
 * a proof (or tree) that is valid under the exchange's own rules but leads to another root is
 * `ROOT_NOT_EXPECTED`, at the root's level. Hex is compared without regard to case.
 * @module
 */
import type { ForeignVerdict } from './types.js';

/**
 * `verdict`, or `ROOT_NOT_EXPECTED` when it passed, a published root was given and `root`
 * differs from it. `whole` says whether `root` is a whole tree's root (a full tree file) or where
 * a customer's path leads (a path proof); only the message differs.
 */
export function checkPublishedRoot(
  verdict: ForeignVerdict,
  root: string,
  published: string | undefined,
  level: number,
  whole = false
): ForeignVerdict {
  if (!verdict.ok || published === undefined || published.toLowerCase() === root.toLowerCase())
    return verdict;
  return {
    ok: false,
    code: 'ROOT_NOT_EXPECTED',
    message: whole
      ? `the tree's root is ${root}, not the published root ${published}`
      : `the proof leads to root ${root}, not to the published root ${published}`,
    level,
  };
}
