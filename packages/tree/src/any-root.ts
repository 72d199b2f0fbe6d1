/**
 * A tree root file of either protocol, told apart by its `version` member
 * ({@link documentProtocol}): `kura-root/2` is parsed by {@link parseRootFileV2} (SPEC.md §16),
 * anything else by {@link parseRootFile} (v1), which names what is wrong.
 * @module
 */
import { parseRootFile, type RootFile } from './rootfile.js';
import { parseRootFileV2, type RootFileV2 } from './v2/rootfile.js';
import { documentProtocol } from './v2/verify.js';

/** Parse a root file of protocol v1 or v2 (by its `version`); throws like the version's parser. */
export function parseAnyRootFile(v: unknown): RootFile | RootFileV2 {
  return documentProtocol(v) === 2 ? parseRootFileV2(v).file : parseRootFile(v);
}
