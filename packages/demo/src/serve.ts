/**
 * A static file server for a publication directory, on 127.0.0.1 only: GET and HEAD of files,
 * no directory listings (proof files are found only by their keyed names), no dot files, no
 * path escapes, `/` redirects to the web verifier with the attestation and trust file loaded.
 * @module
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { PUBLICATION } from '@kura/month';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.sha256': 'text/plain; charset=utf-8',
};

/** The verifier page with the publication's attestation and trust file preloaded. */
export const VERIFIER_PATH = `/${PUBLICATION.verifierDir}/index.html?attestation=/${PUBLICATION.attestation}&trust=/${PUBLICATION.trust}`;

/** A running server. */
export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serve `root` on 127.0.0.1:`port` (0 = a free port). */
export async function serveDirectory(root: string, port = 0): Promise<StaticServer> {
  const base = normalize(root);
  const server: Server = createServer((req, res) => {
    const reply = (code: number, text: string) => {
      res.writeHead(code, {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : `${text}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'method not allowed');
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return reply(400, 'bad request');
    }
    if (path === '/') {
      res.writeHead(302, { location: VERIFIER_PATH });
      return res.end();
    }
    if (path.includes('\0') || path.split('/').some((s) => s.startsWith('.')))
      return reply(404, 'not found');
    const file = normalize(join(base, path));
    if (!file.startsWith(base + sep)) return reply(404, 'not found');
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) return reply(404, 'not found'); // no directory listings
      size = st.size;
    } catch {
      return reply(404, 'not found');
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const a = server.address();
  const url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : port}`;
  return {
    url,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
