/**
 * `kura serve --tree <dir> --secret <file> --token-file <file> [--port 8420] [--host 127.0.0.1]` —
 * the internal HTTP service from which the exchange's backend fetches one customer's inclusion
 * proof by uid (see `@kura/serve`, `packages/serve/src/server.ts`, for the API and `packages/serve/README.md` for
 * operations).
 *
 * A protocol v2 tree store (`kura tree build --protocol v2`, or the `<work>/tree` of a v2
 * `kura run`; `--config <kura.json>` names both the tree and the secret) is served on demand:
 * prover threads make each `kura-proof/2`, cached by proof file id (`packages/serve/src/v2.ts`).
 *
 * The master secret opens the tree store (proof lookup needs the round key); the bearer token
 * comes from a separate file (mode 0600, not the secret). SIGTERM / SIGINT shut down gracefully
 * (exit 0); a second signal forces the remaining connections closed. SIGHUP re-reads the token
 * file (rotation without a restart). Binding anything but a loopback address prints a warning:
 * the service speaks plain HTTP and belongs behind the backend's TLS terminator or on a private
 * network.
 * @module
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@kura/codec';
import { readConfig, WORKDIR } from '@kura/month';
import {
  BearerToken,
  checkPrivateMode,
  createProofServer,
  DEFAULT_RATE_LIMIT,
  type LogLine,
  ProofCache,
  type ProofSource,
  ProverPool,
  readTokenFile,
  V2ProofSource,
} from '@kura/serve';
import { isTreeStoreV2, TreeStore } from '@kura/tree/node';
import type { Command } from 'commander';
import { action, EXIT_OK, intOption } from '../util.js';
import { expectTreeStore, readSecret } from './tree.js';

/** Default TCP port of `kura serve` (loopback; the backend's TLS terminator sits in front). */
export const DEFAULT_PORT = 8420;

interface ServeOpts {
  tree?: string;
  config?: string;
  secret?: string;
  provers?: string;
  proveQueue: string;
  proveTimeout: string;
  proofCache?: string;
  proofCacheSize: string;
  tokenFile: string;
  port: string;
  host: string;
  rateLimit: string;
  burst?: string;
  trustedRateLimit: string;
  maxBody: string;
  shutdownTimeout: string;
  accessLog?: boolean;
}

const isLoopback = (h: string): boolean =>
  h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);

/** Register `kura serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description("internal HTTP service: one customer's inclusion proof by uid (bearer token)")
    .option('--tree <dir>', 'tree store directory (kura tree build)')
    .option(
      '--config <kura.json>',
      'a protocol 2 month (kura run config): its <work>/tree and master secret'
    )
    .option('--secret <file|uri>', 'master secret file (64 hex, mode 0600) or pkcs11: URI')
    .requiredOption('--token-file <file>', 'bearer token file (32+ printable chars, mode 0600)')
    .option('--port <port>', 'TCP port (0: any free port, printed on start)', String(DEFAULT_PORT))
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option(
      '--rate-limit <n>',
      'requests per second per client address WITHOUT the bearer token (0: off)',
      String(DEFAULT_RATE_LIMIT.perSecond)
    )
    .option('--burst <n>', 'requests a client may make at once (default 2 × --rate-limit)')
    .option(
      '--trusted-rate-limit <n>',
      'requests per second per client address WITH the bearer token (default 0: not limited)',
      '0'
    )
    .option('--max-body <bytes>', 'largest POST body', '4096')
    .option('--shutdown-timeout <ms>', 'grace period for requests in flight on shutdown', '10000')
    .option('--access-log', 'one JSON line per request on stderr (never uids or tokens)')
    .option('--provers <n>', 'v2: prover threads (default: cores − 1, at least 1)')
    .option('--prove-queue <n>', 'v2: proofs allowed to wait for a thread (more: 503 BUSY)', '64')
    .option('--prove-timeout <ms>', 'v2: a proof taking longer is abandoned (503 BUSY)', '300000')
    .option('--proof-cache <dir>', 'v2: keep made proofs in this private directory (restarts)')
    .option('--proof-cache-size <n>', 'v2: proofs kept in memory', '10000')
    .action(action((o: ServeOpts) => serve(o)));
}

async function serve(o: ServeOpts): Promise<number> {
  const port = intOption('--port', o.port, 0, 0, 65535);
  const rate = intOption('--rate-limit', o.rateLimit, 0, 0, 10_000_000);
  const burst = intOption('--burst', o.burst, Math.max(1, 2 * rate), 1, 1e8);
  const trusted = intOption('--trusted-rate-limit', o.trustedRateLimit, 0, 0, 10_000_000);
  const maxBody = intOption('--max-body', o.maxBody, 0, 64, 1 << 20);
  const grace = intOption('--shutdown-timeout', o.shutdownTimeout, 0, 0, 3_600_000);
  if ((o.tree === undefined) === (o.config === undefined))
    throw new InputError('give exactly one of --tree (a tree store) and --config (a v2 month)', {
      field: '--tree',
    });
  const provers = intOption(
    '--provers',
    o.provers,
    Math.max(1, availableParallelism() - 1),
    1,
    256
  );
  const proveQueue = intOption('--prove-queue', o.proveQueue, 64, 0, 1_000_000);
  const proveTimeout = intOption('--prove-timeout', o.proveTimeout, 300_000, 1000, 86_400_000);
  const cacheSize = intOption('--proof-cache-size', o.proofCacheSize, 10_000, 0, 10_000_000);
  const cfg = o.config !== undefined ? readConfig(o.config) : undefined;
  if (cfg && cfg.protocol !== 2)
    throw new InputError('--config serves a protocol 2 month; for v1 give --tree <work>/tree', {
      file: cfg.file,
      field: '$.protocol',
    });
  const treeDir = o.tree ?? join(cfg!.workDir, WORKDIR.tree);
  const v2 = isTreeStoreV2(treeDir);
  if (!v2) {
    if (cfg)
      throw new InputError(`${treeDir} holds no protocol 2 tree store: run kura run first`, {
        file: cfg.file,
      });
    expectTreeStore(treeDir);
  }
  const secretArg = o.secret ?? cfg?.keys.masterSecret;
  if (secretArg === undefined)
    throw new InputError('give --secret (the master secret)', { field: '--secret' });
  const secret = readSecret(secretArg);
  if (secret instanceof Uint8Array) checkPrivateMode(secretArg, 'master secret');
  const token = new BearerToken(
    readTokenFile(o.tokenFile, secret instanceof Uint8Array ? secret : undefined)
  );
  let store: ProofSource;
  let period: string;
  if (v2) {
    if (!(secret instanceof Uint8Array))
      throw new InputError(
        'a protocol 2 tree is served by prover threads, which need the master secret as a file (a secret in a token cannot be handed to them)',
        { field: '--secret' }
      );
    const root = V2ProofSource.rootOfStore(treeDir, secret);
    store = V2ProofSource.fromStore({
      dir: treeDir,
      secret,
      pool: new ProverPool({ threads: provers, maxQueue: proveQueue, jobTimeoutMs: proveTimeout }),
      cache: new ProofCache({
        scope: root.rootCommitment,
        maxEntries: cacheSize,
        ...(o.proofCache ? { dir: o.proofCache } : {}),
      }),
    });
    period = root.round.period;
    process.stderr.write(`kura serve: protocol 2 tree; ${provers} prover thread(s)\n`);
  } else {
    const s = TreeStore.open(treeDir, secret);
    store = s;
    period = s.root.round.period;
  }

  const log = (line: LogLine) => process.stderr.write(`${JSON.stringify(line)}\n`);
  const srv = createProofServer({
    store,
    token,
    maxBodyBytes: maxBody,
    rateLimit: rate === 0 ? null : { perSecond: rate, burst },
    trustedRateLimit: trusted === 0 ? null : { perSecond: trusted, burst: 2 * trusted },
    accessLog: o.accessLog === true,
    log,
  });
  let addr: Awaited<ReturnType<typeof srv.listen>>;
  try {
    addr = await srv.listen(port, o.host);
  } catch (e) {
    await store.close();
    const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
    throw new InputError(`cannot listen on ${o.host}:${port} (${code})`, { field: '--port' });
  }
  if (!isLoopback(o.host))
    process.stderr.write(
      `kura serve: warning: listening on ${o.host}, not loopback: this is plain HTTP carrying a bearer token — keep it on a private network or behind TLS\n`
    );
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  process.stdout.write(
    `kura serve: listening on http://${host}:${addr.port} — period ${period}, rootCommitment ${store.root.rootCommitment}${store.protocol === 2 ? ', protocol 2' : ''}\n`
  );

  const done = new Promise<void>((resolve) => {
    let signals = 0;
    const stop = (sig: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        log({ time: new Date().toISOString(), level: 'warn', msg: `${sig} again: forcing close` });
        srv.server.closeAllConnections();
        return;
      }
      log({
        time: new Date().toISOString(),
        level: 'info',
        msg: `${sig}: shutting down`,
        inFlight: srv.inFlight,
      });
      srv.shutdown(grace).then(resolve, resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.on('SIGHUP', () => {
      try {
        token.set(readTokenFile(o.tokenFile, secret instanceof Uint8Array ? secret : undefined));
        log({ time: new Date().toISOString(), level: 'info', msg: 'SIGHUP: token reloaded' });
      } catch (e) {
        log({
          time: new Date().toISOString(),
          level: 'error',
          msg: `SIGHUP: token not reloaded, the old one stays valid: ${(e as Error).message}`,
        });
      }
    });
  });
  await done;
  return EXIT_OK;
}
