/**
 * The proof service in one call ({@link startServer}, the code path of `kura serve`): open the
 * tree store — v1 (`TreeStore`, proofs read in this thread) or v2 (`TreeStoreV2`, proofs made by
 * prover threads and cached, see `./v2.ts`) — read the bearer token file, listen, and hand back
 * a {@link RunningServer} to stop (graceful, then forced) and to reload the token (rotation).
 *
 * Nothing here prints, exits or reads the command line: log lines go to `log`, operator notices
 * (the v2 prover threads, a non-loopback bind) to `notice`, times come from `clock`. The caller
 * (the CLI) parses arguments, reads the master secret, prints and maps signals to
 * {@link RunningServer.stop} and {@link RunningServer.reloadToken}.
 * @module
 */
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { InputError, KuraError } from '@kura/codec';
import type { MasterSecret, Round } from '@kura/tree';
import { isTreeStoreV2, TreeStore } from '@kura/tree/node';
import { ProofCache } from './cache.js';
import { ProverPool } from './prover.js';
import type { RateLimitOptions } from './ratelimit.js';
import {
  createProofServer,
  DEFAULT_RATE_LIMIT,
  type LogLine,
  type ProofServer,
  type ProofSource,
  type ServeClock,
  systemClock,
} from './server.js';
import { BearerToken, readTokenFile } from './token.js';
import { V2ProofSource } from './v2.js';

/** Default TCP port of `kura serve` (loopback; the backend's TLS terminator sits in front). */
export const DEFAULT_PORT = 8420;

/** Default host: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';

/** Default prover threads for a v2 tree: the cores minus one, at least one. */
export function defaultProverThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** True for a loopback address (`localhost`, `::1`, `127.x.y.z`). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** The tree store directory: v1 (`kura tree build`) or v2 (`--protocol v2`, `kura run`). */
  readonly tree: string;
  /** The master secret (opens the store); a v2 tree needs its bytes (the threads open it too). */
  readonly secret: MasterSecret;
  /** The bearer token file (see `readTokenFile`); re-read by {@link RunningServer.reloadToken}. */
  readonly tokenFile: string;
  /** Address to bind (default {@link DEFAULT_HOST}). */
  readonly host?: string;
  /** TCP port (default {@link DEFAULT_PORT}; 0: any free port, see {@link RunningServer.url}). */
  readonly port?: number;
  /** Per-client limit without the token (default {@link DEFAULT_RATE_LIMIT}; `null`: off). */
  readonly rateLimit?: RateLimitOptions | null;
  /** Per-client limit with the token (default `null`: the backend is not limited). */
  readonly trustedRateLimit?: RateLimitOptions | null;
  /** Largest POST body in bytes (default 4096). */
  readonly maxBodyBytes?: number;
  /** One log line per request (default false). */
  readonly accessLog?: boolean;
  /** v2: prover threads (default {@link defaultProverThreads}). */
  readonly provers?: number;
  /** v2: proofs allowed to wait for a thread (default 64; more: 503 BUSY). */
  readonly proveQueue?: number;
  /** v2: a proof taking longer is abandoned, ms (default 300 000). */
  readonly proveTimeoutMs?: number;
  /** v2: a private directory keeping made proofs across restarts. */
  readonly proofCacheDir?: string;
  /** v2: proofs kept in memory (default 10 000). */
  readonly proofCacheSize?: number;
  /** Structured log lines (default: dropped). */
  readonly log?: (line: LogLine) => void;
  /** Operator notices, one sentence each (default: dropped). */
  readonly notice?: (message: string) => void;
  /** The clocks (default: the system's). */
  readonly clock?: ServeClock;
}

/** A listening proof service (see {@link startServer}). */
export interface RunningServer {
  /** The base URL, e.g. `http://127.0.0.1:8420` (IPv6 addresses in brackets). */
  readonly url: string;
  readonly address: AddressInfo;
  /** The tree's protocol (1 or 2). */
  readonly protocol: number;
  readonly round: Round;
  /** Hex root commitment of the served tree. */
  readonly rootCommitment: string;
  /** v2: prover threads (undefined for v1). */
  readonly provers: number | undefined;
  /** The HTTP server (routes, limits, graceful shutdown). */
  readonly server: ProofServer;
  /**
   * Stop, `reason` (e.g. `SIGTERM`) named in the log: the first call drains requests in flight
   * for up to `graceMs` and closes the store; a later call forces the remaining connections
   * closed. Resolves when everything is closed.
   */
  stop(reason: string, graceMs?: number): Promise<void>;
  /**
   * Re-read the token file (rotation); a bad new file keeps the old token. Logs the outcome with
   * `reason`; true when the token was replaced.
   */
  reloadToken(reason: string): boolean;
}

/**
 * Open the tree, read the token, listen (see the module doc). Throws an {@link InputError}
 * naming the file for a bad token file, a wrong master secret or a v2 tree with a secret held in
 * a token; a KuraError `LISTEN_FAILED` (the store closed again) when the address cannot be bound.
 */
export async function startServer(o: StartServerOptions): Promise<RunningServer> {
  const log = o.log ?? (() => undefined);
  const notice = o.notice ?? (() => undefined);
  const clock = o.clock ?? systemClock;
  const time = (): string => new Date(clock.now()).toISOString();
  const host = o.host ?? DEFAULT_HOST;
  const port = o.port ?? DEFAULT_PORT;
  const secretBytes = o.secret instanceof Uint8Array ? o.secret : undefined;
  const token = new BearerToken(readTokenFile(o.tokenFile, secretBytes));

  let store: ProofSource;
  let round: Round;
  let provers: number | undefined;
  if (isTreeStoreV2(o.tree)) {
    if (secretBytes === undefined)
      throw new InputError(
        'a protocol 2 tree is served by prover threads, which need the master secret as a file (a secret in a token cannot be handed to them)',
        { field: '--secret' }
      );
    provers = o.provers ?? defaultProverThreads();
    const root = V2ProofSource.rootOfStore(o.tree, secretBytes);
    store = V2ProofSource.fromStore({
      dir: o.tree,
      secret: secretBytes,
      pool: new ProverPool({
        threads: provers,
        maxQueue: o.proveQueue ?? 64,
        jobTimeoutMs: o.proveTimeoutMs ?? 300_000,
      }),
      cache: new ProofCache({
        scope: root.rootCommitment,
        maxEntries: o.proofCacheSize ?? 10_000,
        ...(o.proofCacheDir !== undefined ? { dir: o.proofCacheDir } : {}),
      }),
    });
    round = root.round;
    notice(`protocol 2 tree; ${provers} prover thread(s)`);
  } else {
    const s = TreeStore.open(o.tree, o.secret);
    store = s;
    round = s.root.round;
  }

  const server = createProofServer({
    store,
    token,
    ...(o.maxBodyBytes !== undefined ? { maxBodyBytes: o.maxBodyBytes } : {}),
    rateLimit: o.rateLimit === undefined ? DEFAULT_RATE_LIMIT : o.rateLimit,
    trustedRateLimit: o.trustedRateLimit ?? null,
    accessLog: o.accessLog === true,
    log,
    clock,
  });
  let address: AddressInfo;
  try {
    address = await server.listen(port, host);
  } catch (e) {
    await store.close();
    const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
    throw new KuraError('LISTEN_FAILED', `cannot listen on ${host}:${port} (${code})`, {
      cause: e,
    });
  }
  if (!isLoopback(host))
    notice(
      `warning: listening on ${host}, not loopback: this is plain HTTP carrying a bearer token — keep it on a private network or behind TLS`
    );
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${shown}:${address.port}`,
    address,
    protocol: store.protocol ?? 1,
    round,
    rootCommitment: store.root.rootCommitment,
    provers,
    server,
    stop(reason, graceMs) {
      if (stopping) {
        log({ time: time(), level: 'warn', msg: `${reason} again: forcing close` });
        server.server.closeAllConnections();
        return stopping;
      }
      log({
        time: time(),
        level: 'info',
        msg: `${reason}: shutting down`,
        inFlight: server.inFlight,
      });
      stopping = server.shutdown(graceMs);
      return stopping;
    },
    reloadToken(reason) {
      try {
        token.set(readTokenFile(o.tokenFile, secretBytes));
        log({ time: time(), level: 'info', msg: `${reason}: token reloaded` });
        return true;
      } catch (e) {
        log({
          time: time(),
          level: 'error',
          msg: `${reason}: token not reloaded, the old one stays valid: ${(e as Error).message}`,
        });
        return false;
      }
    },
  };
}
