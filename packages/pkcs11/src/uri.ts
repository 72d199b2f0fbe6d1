/**
 * PKCS#11 URIs (RFC 7512), parsed strictly: which module, which token, which object, and where
 * the PIN comes from.
 *
 * ```
 * pkcs11:token=kura;object=exchange-2026?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:pin.txt
 * ```
 *
 * - Path attributes (RFC 7512 §2.3), separated by `;`: `token`, `manufacturer`, `serial`,
 *   `model`, `library-manufacturer`, `library-description`, `library-version`, `object`, `type`
 *   (`private` | `public` | `secret-key` | `cert` | `data`), `id` (bytes, usually all
 *   percent-encoded), `slot-description`, `slot-manufacturer`, `slot-id` (decimal).
 * - Query attributes, separated by `&`: `module-path` (required by Kura: the module file),
 *   `module-name`, `pin-source` and `pin-value`.
 * - Kura accepts the PIN only from `pin-source=file:<path>` (or a bare path, RFC 7512 §2.3) or
 *   `pin-source=env:<NAME>`; a `pin-value` is refused (a PIN on a command line is visible to
 *   every user of the machine through the process list).
 * - Strict: every character outside the RFC's `pk11-pchar` / `pk11-qchar` sets must be
 *   percent-encoded; `%` must be followed by two hex digits; text values must decode to UTF-8;
 *   an attribute may appear once; unknown attributes are refused except vendor `x-…` ones.
 * @module
 */
import { KuraError } from '@kura/codec';

/** Where the PIN comes from. */
export type PinSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'env'; readonly name: string };

/** The object classes of the `type` attribute. */
export const OBJECT_TYPES = ['private', 'public', 'secret-key', 'cert', 'data'] as const;
/** An object class of the `type` attribute. */
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** A parsed PKCS#11 URI. Only the attributes present are set. */
export interface Pkcs11Uri {
  readonly token?: string;
  readonly manufacturer?: string;
  readonly serial?: string;
  readonly model?: string;
  readonly libraryManufacturer?: string;
  readonly libraryDescription?: string;
  readonly libraryVersion?: string;
  readonly object?: string;
  readonly type?: ObjectType;
  readonly id?: Uint8Array;
  readonly slotDescription?: string;
  readonly slotManufacturer?: string;
  readonly slotId?: bigint;
  /** The module (shared library) to load: absolute or relative to the working directory. */
  readonly modulePath: string;
  readonly moduleName?: string;
  readonly pinSource?: PinSource;
  /** Vendor attributes `x-…`, kept as given (decoded). */
  readonly vendor: Readonly<Record<string, string>>;
}

/** The error every bad URI throws (code `BAD_PKCS11_URI`); the message never repeats a PIN. */
export class Pkcs11UriError extends KuraError {
  constructor(message: string) {
    super('BAD_PKCS11_URI', `PKCS#11 URI: ${message}`);
  }
}

const PATH_ATTRS: Readonly<Record<string, string>> = {
  token: 'token',
  manufacturer: 'manufacturer',
  serial: 'serial',
  model: 'model',
  'library-manufacturer': 'libraryManufacturer',
  'library-description': 'libraryDescription',
  'library-version': 'libraryVersion',
  object: 'object',
  type: 'type',
  id: 'id',
  'slot-description': 'slotDescription',
  'slot-manufacturer': 'slotManufacturer',
  'slot-id': 'slotId',
};
const QUERY_ATTRS = ['module-path', 'module-name', 'pin-source', 'pin-value'] as const;

// RFC 7512 §2.3: unreserved / pk11-res-avail (+ "&" in the path, + "/" "?" "|" in the query)
const UNRESERVED = 'A-Za-z0-9\\-._~';
const RES_AVAIL = ":\\[\\]@!$'()*+,=";
const PATH_CHAR = new RegExp(`^(?:[${UNRESERVED}${RES_AVAIL}&]|%[0-9A-Fa-f]{2})*$`);
const QUERY_CHAR = new RegExp(`^(?:[${UNRESERVED}${RES_AVAIL}/?|]|%[0-9A-Fa-f]{2})*$`);

/** Is this argument meant as a PKCS#11 URI (starts with `pkcs11:`, any case)? */
export function isPkcs11Uri(s: string): boolean {
  return /^pkcs11:/i.test(s);
}

function pctBytes(v: string, what: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (v[i] === '%') {
      const h = v.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(h))
        throw new Pkcs11UriError(`${what}: "%" must be followed by two hex digits`);
      out.push(Number.parseInt(h, 16));
      i += 2;
    } else if (c < 0x80) out.push(c);
    else throw new Pkcs11UriError(`${what}: non-ASCII characters must be percent-encoded`);
  }
  return Uint8Array.from(out);
}

function pctText(v: string, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(pctBytes(v, what));
  } catch (e) {
    if (e instanceof Pkcs11UriError) throw e;
    throw new Pkcs11UriError(`${what}: the percent-encoded value is not UTF-8`);
  }
}

const BAD_PCT = /%(?![0-9A-Fa-f]{2})/;

function splitAttr(part: string, where: string): [string, string] {
  const eq = part.indexOf('=');
  if (eq <= 0) throw new Pkcs11UriError(`${where} attribute "${part}" is not name=value`);
  const name = part.slice(0, eq);
  if (!/^[a-z0-9-]+$/.test(name))
    throw new Pkcs11UriError(`${where} attribute name "${name}" is not valid`);
  return [name, part.slice(eq + 1)];
}

function parsePinSource(v: string): PinSource {
  if (v === '') throw new Pkcs11UriError('pin-source is empty');
  const env = /^env:(.*)$/.exec(v);
  if (env) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(env[1]!))
      throw new Pkcs11UriError('pin-source=env:NAME needs an environment variable name');
    return { kind: 'env', name: env[1]! };
  }
  const file = /^file:(.*)$/s.exec(v); // any byte after file:, line breaks included
  // file:///abs, file:/abs, file:rel; a scheme-less value is a file name (RFC 7512 §2.3)
  let path = file ? file[1]! : v;
  if (file && path.startsWith('//')) {
    if (!path.startsWith('///'))
      throw new Pkcs11UriError('pin-source: a file URI with a host is not supported');
    path = path.slice(2);
  }
  if (!file && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v))
    throw new Pkcs11UriError(
      `pin-source "${v.slice(0, v.indexOf(':'))}:" is not supported (use file:PATH or env:NAME)`
    );
  if (path === '') throw new Pkcs11UriError('pin-source names no file');
  return { kind: 'file', path };
}

/**
 * Parse a PKCS#11 URI strictly (see the module doc). Throws {@link Pkcs11UriError}; a URI
 * with `pin-value` is refused without echoing the value.
 */
export function parsePkcs11Uri(uri: string): Pkcs11Uri {
  if (typeof uri !== 'string') throw new Pkcs11UriError('expected a string');
  if (!isPkcs11Uri(uri)) throw new Pkcs11UriError('must start with "pkcs11:"');
  const rest = uri.slice('pkcs11:'.length);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? '' : rest.slice(q + 1);
  const out: Record<string, unknown> = {};
  const vendor: Record<string, string> = {};
  const seen = new Set<string>();
  if (path !== '')
    for (const part of path.split(';')) {
      const [name, raw] = splitAttr(part, 'path');
      if (seen.has(name)) throw new Pkcs11UriError(`attribute "${name}" appears twice`);
      seen.add(name);
      const key = PATH_ATTRS[name];
      if (key === undefined && !name.startsWith('x-'))
        throw new Pkcs11UriError(
          `unknown path attribute "${name}"${QUERY_ATTRS.includes(name as never) ? ' (it belongs after "?")' : ''}`
        );
      if (BAD_PCT.test(raw))
        throw new Pkcs11UriError(`"${name}": "%" must be followed by two hex digits`);
      if (!PATH_CHAR.test(raw))
        throw new Pkcs11UriError(`"${name}": characters outside RFC 7512 must be percent-encoded`);
      if (name.startsWith('x-')) {
        vendor[name] = pctText(raw, name);
        continue;
      }
      if (name === 'id') out.id = pctBytes(raw, name);
      else if (name === 'slot-id') {
        if (!/^(0|[1-9][0-9]{0,19})$/.test(raw))
          throw new Pkcs11UriError('slot-id must be a decimal number');
        out.slotId = BigInt(raw);
      } else if (name === 'type') {
        const t = pctText(raw, name);
        if (!(OBJECT_TYPES as readonly string[]).includes(t))
          throw new Pkcs11UriError(`type must be one of ${OBJECT_TYPES.join(', ')}`);
        out.type = t;
      } else out[key!] = pctText(raw, name);
    }
  if (q >= 0 && query === '') throw new Pkcs11UriError('empty query after "?"');
  if (query !== '')
    for (const part of query.split('&')) {
      const [name, raw] = splitAttr(part, 'query');
      if (seen.has(name)) throw new Pkcs11UriError(`attribute "${name}" appears twice`);
      seen.add(name);
      if (name === 'pin-value')
        throw new Pkcs11UriError(
          'pin-value is refused: a PIN in a URI or on a command line is visible to other users; ' +
            'use pin-source=file:PATH or pin-source=env:NAME'
        );
      if (BAD_PCT.test(raw))
        throw new Pkcs11UriError(`"${name}": "%" must be followed by two hex digits`);
      if (!QUERY_CHAR.test(raw))
        throw new Pkcs11UriError(`"${name}": characters outside RFC 7512 must be percent-encoded`);
      const v = pctText(raw, name);
      if (name.startsWith('x-')) vendor[name] = v;
      else if (name === 'module-path') {
        if (v === '') throw new Pkcs11UriError('module-path is empty');
        out.modulePath = v;
      } else if (name === 'module-name') out.moduleName = v;
      else if (name === 'pin-source') out.pinSource = parsePinSource(v);
      else throw new Pkcs11UriError(`unknown query attribute "${name}"`);
    }
  if (out.modulePath === undefined)
    throw new Pkcs11UriError(
      'module-path is required (e.g. ?module-path=/usr/lib/softhsm/libsofthsm2.so)'
    );
  return { ...(out as Omit<Pkcs11Uri, 'vendor'>), vendor };
}

function enc(s: string | Uint8Array, query: boolean): string {
  const bytes = typeof s === 'string' ? new TextEncoder().encode(s) : s;
  const keep = query ? QUERY_CHAR : PATH_CHAR;
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out +=
      b < 0x80 && c !== '%' && c !== ';' && c !== '?' && c !== '&' && keep.test(c)
        ? c
        : `%${b.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return out;
}

/**
 * The URI text of a parsed URI (attributes in RFC 7512 order, values percent-encoded where
 * needed). `parsePkcs11Uri(formatPkcs11Uri(u))` gives `u` back.
 */
export function formatPkcs11Uri(u: Pkcs11Uri): string {
  const path: string[] = [];
  for (const [name, key] of Object.entries(PATH_ATTRS)) {
    const v = (u as unknown as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (name === 'slot-id') path.push(`slot-id=${String(v)}`);
    else path.push(`${name}=${enc(v as string | Uint8Array, false)}`);
  }
  const query: string[] = [`module-path=${enc(u.modulePath, true)}`];
  if (u.moduleName !== undefined) query.push(`module-name=${enc(u.moduleName, true)}`);
  if (u.pinSource !== undefined)
    query.push(
      `pin-source=${enc(u.pinSource.kind === 'env' ? `env:${u.pinSource.name}` : `file:${u.pinSource.path}`, true)}`
    );
  for (const [k, v] of Object.entries(u.vendor)) path.push(`${k}=${enc(v, false)}`);
  return `pkcs11:${path.join(';')}?${query.join('&')}`;
}

/** A short description of the object a URI names, for messages (no PIN source, no module). */
export function describeUri(u: Pkcs11Uri): string {
  const parts: string[] = [];
  if (u.token !== undefined) parts.push(`token=${u.token}`);
  if (u.serial !== undefined) parts.push(`serial=${u.serial}`);
  if (u.slotId !== undefined) parts.push(`slot-id=${u.slotId}`);
  if (u.object !== undefined) parts.push(`object=${u.object}`);
  if (u.id !== undefined) parts.push(`id=${enc(u.id, false)}`);
  return parts.length ? parts.join(';') : '(any object)';
}
