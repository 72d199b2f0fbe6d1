/**
 * `kura serve --tree <dir> --secret <file> --token-file <file> [--port 8420] [--host 127.0.0.1]` —
 * the internal HTTP service from which the exchange's backend fetches one customer's inclusion
 * proof by uid (see `../serve/server.ts` for the API, `../serve/README.md` for operations).
 *
 * The master secret opens the tree store (proof lookup needs the round key); the bearer token
 * comes from a separate file (mode 0600, not the secret). SIGTERM / SIGINT shut down gracefully
 * (exit 0); a second signal forces the remaining connections closed. SIGHUP re-reads the token
 * file (rotation without a restart). Binding anything but a loopback address prints a warning:
 * the service speaks plain HTTP and belongs behind the backend's TLS terminator or on a private
 * network.
 * @module
 */
import { InputError } from '@kura/codec';
import { TreeStore } from '@kura/tree/node';
import type { Command } from 'commander';
import { createProofServer, DEFAULT_RATE_LIMIT, type LogLine } from '../serve/server.js';
import { BearerToken, checkPrivateMode, readTokenFile } from '../serve/token.js';
import { action, EXIT_OK, intOption } from '../util.js';
import { expectTreeStore, readSecret } from './tree.js';

/** Default TCP port of `kura serve` (loopback; the backend's TLS terminator sits in front). */
export const DEFAULT_PORT = 8420;

interface ServeOpts {
  tree: string;
  secret: string;
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
    .requiredOption('--tree <dir>', 'tree store directory (kura tree build)')
    .requiredOption('--secret <file|uri>', 'master secret file (64 hex, mode 0600) or pkcs11: URI')
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
    .action(action((o: ServeOpts) => serve(o)));
}

async function serve(o: ServeOpts): Promise<number> {
  const port = intOption('--port', o.port, 0, 0, 65535);
  const rate = intOption('--rate-limit', o.rateLimit, 0, 0, 10_000_000);
  const burst = intOption('--burst', o.burst, Math.max(1, 2 * rate), 1, 1e8);
  const trusted = intOption('--trusted-rate-limit', o.trustedRateLimit, 0, 0, 10_000_000);
  const maxBody = intOption('--max-body', o.maxBody, 0, 64, 1 << 20);
  const grace = intOption('--shutdown-timeout', o.shutdownTimeout, 0, 0, 3_600_000);
  expectTreeStore(o.tree);
  const secret = readSecret(o.secret);
  if (secret instanceof Uint8Array) checkPrivateMode(o.secret, 'master secret');
  const token = new BearerToken(
    readTokenFile(o.tokenFile, secret instanceof Uint8Array ? secret : undefined)
  );
  const store = TreeStore.open(o.tree, secret);
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
    store.close();
    const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
    throw new InputError(`cannot listen on ${o.host}:${port} (${code})`, { field: '--port' });
  }
  if (!isLoopback(o.host))
    process.stderr.write(
      `kura serve: warning: listening on ${o.host}, not loopback: this is plain HTTP carrying a bearer token — keep it on a private network or behind TLS\n`
    );
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  process.stdout.write(
    `kura serve: listening on http://${host}:${addr.port} — period ${store.root.round.period}, rootCommitment ${store.root.rootCommitment}\n`
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
