/**
 * Test harness: a static file server on 127.0.0.1 (random port) serving the built page and the
 * published files, which records every request it receives; and headless Chromium launched
 * from Debian's `/usr/bin/chromium` through playwright-core.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const DIST = resolve(import.meta.dirname, '../dist');
export const ARTIFACTS = resolve(import.meta.dirname, '../test-artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The file name of lazily loaded verifier chunk `name` (`v1`, `v2`, `foreign`; `generators`
 * with `ext` `bin`) in the build: `kura-<name>-<12 hex>.<ext>` next to the page (`src/lazy.ts`).
 */
export function chunkFile(name: string, dist: string = DIST, ext = 'js'): string {
  const re = new RegExp(`^kura-${name}-[0-9a-f]{12}\\.${ext}$`);
  const found = readdirSync(dist).filter((f) => re.test(f));
  if (found.length !== 1) throw new Error(`expected one ${name} chunk in ${dist}, found ${found}`);
  return found[0]!;
}

/** The path of any lazily loaded chunk, as the page requests it. */
export const CHUNK_PATH = /^\/kura-(?:v1|v2|foreign)-[0-9a-f]{12}\.js$/;

/** The flags the closed build network needs (see style.md §2.iii). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

export interface StaticServer {
  readonly origin: string;
  /** Paths requested so far (with query string). */
  readonly requests: string[];
  /** Serve `body` at `path` (e.g. the published attestation). */
  publish(path: string, body: string | Uint8Array): void;
  close(): Promise<void>;
}

/** Serve `root` (default `dist/`) plus published files on 127.0.0.1 at a free port. */
export async function startServer(root: string = DIST): Promise<StaticServer> {
  if (root === DIST && !existsSync(join(DIST, 'kura-verifier.html')))
    throw new Error('verifier-web/dist is missing: run `npm run build` in verifier-web first');
  const published = new Map<string, Uint8Array>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname + url.search);
    const pub = published.get(url.pathname);
    if (pub) {
      res.writeHead(200, { 'content-type': TYPES['.json']!, 'cache-control': 'no-store' });
      res.end(pub);
      return;
    }
    const file = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root) || !existsSync(file) || !extname(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    publish(path, body) {
      published.set(path, typeof body === 'string' ? new TextEncoder().encode(body) : body);
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Launch Debian's Chromium headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
