/**
 * URLs of nodes and services: the ONE redaction rule every chain client and every CLI message
 * uses, and the one way credentials in a URL become an `Authorization` header.
 *
 * Node's `fetch` refuses a URL that carries `user:password@`, and such a URL must never be
 * printed either; an API key often sits in a path segment (`/v3/<key>`, `/v2/<key>`) or in the
 * query (`?apikey=…`).
 * @module
 */

/** A path segment that could be a key: 20+ characters, or 12+ mixing letters and digits. */
function secretLike(seg: string): boolean {
  return seg.length >= 20 || (seg.length >= 12 && /[0-9]/.test(seg) && /[a-zA-Z]/.test(seg));
}

/**
 * A URL fit to print: scheme, host and port, and the path with every segment that could be a
 * key replaced by `***`; user info, query and fragment dropped. A string that is not a URL is
 * never echoed (`<invalid URL>`).
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '<invalid URL>';
  }
  const path = u.pathname
    .split('/')
    .map((seg) => (secretLike(seg) ? '***' : seg))
    .join('/');
  return `${u.protocol}//${u.host}${path === '/' ? '' : path}`;
}

function toBase64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/**
 * Split `user:password@` off a URL: the URL to request (without user info, which `fetch`
 * refuses) and the matching `Basic` Authorization header value, if any. Throws `TypeError` for a
 * string that is not a URL (callers check first and report it redacted).
 */
export function urlCredentials(url: string): { url: string; authorization?: string } {
  const u = new URL(url);
  if (!u.username && !u.password) return { url };
  const authorization = `Basic ${toBase64(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`)}`;
  u.username = '';
  u.password = '';
  return { url: u.toString(), authorization };
}
