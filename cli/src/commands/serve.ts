/**
 * `kura serve --tree <dir> --secret <file> --token-file <file> [--port 8420] [--host 127.0.0.1]` —
 * the internal HTTP service from which the exchange's backend fetches one customer's inclusion
 * proof by uid. The service is the library `@kura/serve` (`startServer`; the API in
 * `packages/serve/src/server.ts`, operations in `packages/serve/README.md`); this file parses the
 * arguments, reads the master secret, prints, and maps signals to stop / token reload.
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
import { join } from 'node:path';
import { InputError, KuraError } from '@kura/codec';
import { readConfig, WORKDIR } from '@kura/month';
import {
  checkPrivateMode,
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT,
  defaultProverThreads,
  type LogLine,
  type RunningServer,
  startServer,
} from '@kura/serve';
import { isTreeStoreV2 } from '@kura/tree/node';
import type { Command } from 'commander';
import { action, EXIT_OK, intOption } from '../util.js';
import { expectTreeStore, readSecret } from './tree.js';

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
  const provers = intOption('--provers', o.provers, defaultProverThreads(), 1, 256);
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
  if (!isTreeStoreV2(treeDir)) {
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

  const log = (line: LogLine) => process.stderr.write(`${JSON.stringify(line)}\n`);
  let running: RunningServer;
  try {
    running = await startServer({
      tree: treeDir,
      secret,
      tokenFile: o.tokenFile,
      host: o.host,
      port,
      rateLimit: rate === 0 ? null : { perSecond: rate, burst },
      trustedRateLimit: trusted === 0 ? null : { perSecond: trusted, burst: 2 * trusted },
      maxBodyBytes: maxBody,
      accessLog: o.accessLog === true,
      provers,
      proveQueue,
      proveTimeoutMs: proveTimeout,
      proofCacheSize: cacheSize,
      ...(o.proofCache ? { proofCacheDir: o.proofCache } : {}),
      log,
      notice: (m) => process.stderr.write(`kura serve: ${m}\n`),
    });
  } catch (e) {
    if (e instanceof KuraError && e.code === 'LISTEN_FAILED')
      throw new InputError(e.message, { field: '--port' });
    throw e;
  }
  process.stdout.write(
    `kura serve: listening on ${running.url} — period ${running.round.period}, rootCommitment ${running.rootCommitment}${running.protocol === 2 ? ', protocol 2' : ''}\n`
  );

  await new Promise<void>((resolve) => {
    const stop = (sig: NodeJS.Signals) => running.stop(sig, grace).then(resolve, resolve);
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.on('SIGHUP', () => running.reloadToken('SIGHUP'));
  });
  return EXIT_OK;
}
