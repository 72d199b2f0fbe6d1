/**
 * The Ethereum side of a caller's options (`kura reserves eth`, `kura audit`, `kura run`): one
 * JSON-RPC client per endpoint URL, and the EIP-1271 wallet code hashes an exchange declares or
 * an auditor accepts (SPEC §11.2). One definition of each for the command line, the month and
 * the audit.
 * @module
 */
import { InputError } from '@kura/codec';
import { RpcClient, type RpcOptions } from './rpc.js';
import { parseCodeHash } from './wallet.js';

/** One {@link RpcClient} per endpoint URL, each with the same options (timeouts, retries, batch). */
export function rpcClients(
  urls: readonly string[],
  opts: Omit<RpcOptions, 'url'> = {}
): RpcClient[] {
  return urls.map((url) => new RpcClient({ ...opts, url }));
}

/**
 * Parse repeated `0x…` code hashes given with `flag` (`--wallet-code`, `--accept-wallet-code`):
 * each 32 bytes, returned `0x` + lowercase hex; a bad one is an {@link InputError} naming the flag
 * and the value.
 */
export function parseCodeHashes(values: readonly string[], flag: string): string[] {
  return values.map((v) => {
    try {
      return parseCodeHash(v, flag);
    } catch (e) {
      throw new InputError(
        `${flag} ${v}: expected a 32-byte code hash 0x…`,
        { field: flag },
        { cause: e }
      );
    }
  });
}
