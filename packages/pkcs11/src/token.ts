/**
 * One PKCS#11 operation against a token: load the module, find the one token the URI names,
 * open a session, log in with the PIN from its `pin-source`, run the operation, log out and
 * finalise. Nothing is kept between operations: no session, no object handle, no PIN.
 *
 * Every failure is a {@link Pkcs11Error} with a stable code; messages name the module file,
 * the token and the object (as the URI names them) and the PKCS#11 return value (`CKR_…`),
 * never the PIN, an object handle or key material.
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { KuraError } from '@kura/codec';
import type * as P from 'pkcs11js';
import { describeUri, type PinSource, type Pkcs11Uri } from './uri.js';

/** Codes of {@link Pkcs11Error}. */
export type Pkcs11Code =
  | 'PKCS11_MODULE'
  | 'PKCS11_PIN_SOURCE'
  | 'PKCS11_PIN_INCORRECT'
  | 'PKCS11_LOGIN'
  | 'PKCS11_TOKEN_NOT_FOUND'
  | 'PKCS11_TOKEN_AMBIGUOUS'
  | 'PKCS11_OBJECT_NOT_FOUND'
  | 'PKCS11_OBJECT_AMBIGUOUS'
  | 'PKCS11_OBJECT_EXISTS'
  | 'PKCS11_KEY_TYPE'
  | 'PKCS11_KEY_ROLE'
  | 'PKCS11_MECHANISM'
  | 'PKCS11_BAD_SIGNATURE'
  | 'PKCS11_FAILED';

/** A token-side failure (module, PIN, object, mechanism). */
export class Pkcs11Error extends KuraError {
  override readonly code: Pkcs11Code;
  constructor(code: Pkcs11Code, message: string) {
    super(code, message);
    this.code = code;
  }
}

const require = createRequire(import.meta.url);
type Lib = typeof P;
let lib: Lib | undefined;
/** pkcs11js (native addon), loaded on first use only. */
export function pkcs11js(): Lib {
  lib ??= require('pkcs11js') as Lib;
  return lib;
}

/** The `CKR_…` name of a pkcs11js error, or undefined. */
export function ckr(e: unknown): string | undefined {
  const m = e instanceof Error ? /CKR_[A-Z0-9_]+/.exec(e.message) : null;
  return m ? m[0] : undefined;
}

/** Read a PIN from its source: a file (one trailing line break stripped) or an env variable. */
export function readPin(src: PinSource | undefined): string {
  if (src === undefined)
    throw new Pkcs11Error(
      'PKCS11_PIN_SOURCE',
      'the PKCS#11 URI has no pin-source (add &pin-source=file:PATH or &pin-source=env:NAME)'
    );
  let pin: string | undefined;
  if (src.kind === 'env') {
    pin = process.env[src.name];
    if (pin === undefined || pin === '')
      throw new Pkcs11Error(
        'PKCS11_PIN_SOURCE',
        `pin-source env:${src.name}: the environment variable is not set`
      );
  } else {
    let mode: number;
    try {
      mode = statSync(src.path).mode;
    } catch (e) {
      throw new Pkcs11Error(
        'PKCS11_PIN_SOURCE',
        `pin-source ${src.path}: cannot read the PIN file (${(e as NodeJS.ErrnoException).code ?? 'error'})`
      );
    }
    if (process.platform !== 'win32' && (mode & 0o004) !== 0)
      throw new Pkcs11Error(
        'PKCS11_PIN_SOURCE',
        `pin-source ${src.path}: the PIN file is readable by every user (mode 0${(mode & 0o777).toString(8)}); run chmod 600`
      );
    try {
      pin = readFileSync(src.path, 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      throw new Pkcs11Error(
        'PKCS11_PIN_SOURCE',
        `pin-source ${src.path}: cannot read the PIN file (${(e as NodeJS.ErrnoException).code ?? 'error'})`
      );
    }
    if (pin === '')
      throw new Pkcs11Error('PKCS11_PIN_SOURCE', `pin-source ${src.path}: the PIN file is empty`);
  }
  return pin;
}

/** What an operation gets: the library, its constants and a logged-in session. */
export interface TokenContext {
  readonly p: P.PKCS11;
  readonly c: Lib;
  readonly session: P.Handle;
  readonly slot: P.Handle;
  readonly uri: Pkcs11Uri;
  /** Wrap one PKCS#11 call: a CKR error becomes a {@link Pkcs11Error} naming `what`. */
  call<T>(what: string, f: () => T): T;
}

const trimPad = (s: string): string => s.replace(/[ \0]+$/, '');

function slotNumber(h: Buffer): bigint {
  return h.length >= 8 ? h.readBigUInt64LE(0) : BigInt(h.readUInt32LE(0));
}

function mechanismError(what: string, uri: Pkcs11Uri): Pkcs11Error {
  return new Pkcs11Error('PKCS11_MECHANISM', `${describeUri(uri)}: the token refuses ${what}`);
}

/**
 * Run `op` in a fresh logged-in session of the token `uri` names (read-write when `rw`).
 * Throws {@link Pkcs11Error}.
 */
export function withToken<T>(
  uri: Pkcs11Uri,
  op: (t: TokenContext) => T,
  opts: { rw?: boolean } = {}
): T {
  const where = describeUri(uri);
  if (!existsSync(uri.modulePath))
    throw new Pkcs11Error('PKCS11_MODULE', `module-path ${uri.modulePath}: no such file`);
  const pin = readPin(uri.pinSource);
  const c = pkcs11js();
  const p = new c.PKCS11();
  try {
    p.load(uri.modulePath);
  } catch {
    throw new Pkcs11Error(
      'PKCS11_MODULE',
      `module-path ${uri.modulePath}: not a loadable PKCS#11 module`
    );
  }
  const call = <R>(what: string, f: () => R): R => {
    try {
      return f();
    } catch (e) {
      if (e instanceof KuraError) throw e;
      const code = ckr(e);
      if (code === 'CKR_MECHANISM_INVALID' || code === 'CKR_KEY_FUNCTION_NOT_PERMITTED')
        throw mechanismError(`${what} (${code})`, uri);
      if (code === 'CKR_KEY_TYPE_INCONSISTENT')
        throw new Pkcs11Error('PKCS11_KEY_TYPE', `${where}: ${what}: ${code}`);
      throw new Pkcs11Error('PKCS11_FAILED', `${where}: ${what} failed (${code ?? 'error'})`);
    }
  };
  let initialised = false;
  try {
    try {
      p.C_Initialize();
      initialised = true;
    } catch (e) {
      if (ckr(e) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED')
        throw new Pkcs11Error(
          'PKCS11_MODULE',
          `module-path ${uri.modulePath}: C_Initialize failed (${ckr(e) ?? 'error'})`
        );
    }
    const slots = call('C_GetSlotList', () => p.C_GetSlotList(true)).filter((s) => {
      if (uri.slotId !== undefined && slotNumber(s) !== uri.slotId) return false;
      const ti = call('C_GetTokenInfo', () => p.C_GetTokenInfo(s));
      if ((ti.flags & c.CKF_TOKEN_INITIALIZED) === 0) return false;
      if (uri.token !== undefined && trimPad(ti.label) !== uri.token) return false;
      if (uri.serial !== undefined && trimPad(ti.serialNumber) !== uri.serial) return false;
      if (uri.manufacturer !== undefined && trimPad(ti.manufacturerID) !== uri.manufacturer)
        return false;
      if (uri.model !== undefined && trimPad(ti.model) !== uri.model) return false;
      return true;
    });
    if (slots.length === 0)
      throw new Pkcs11Error('PKCS11_TOKEN_NOT_FOUND', `${where}: no initialised token matches`);
    if (slots.length > 1)
      throw new Pkcs11Error(
        'PKCS11_TOKEN_AMBIGUOUS',
        `${where}: ${slots.length} tokens match; add token=, serial= or slot-id=`
      );
    const slot = slots[0]!;
    const flags = c.CKF_SERIAL_SESSION | (opts.rw ? c.CKF_RW_SESSION : 0);
    const session = call('C_OpenSession', () => p.C_OpenSession(slot, flags));
    try {
      try {
        p.C_Login(session, c.CKU_USER, pin);
      } catch (e) {
        const code = ckr(e);
        if (code === 'CKR_PIN_INCORRECT' || code === 'CKR_PIN_LEN_RANGE')
          throw new Pkcs11Error(
            'PKCS11_PIN_INCORRECT',
            `${where}: the token refused the PIN from ${pinWhere(uri.pinSource)}`
          );
        if (code !== 'CKR_USER_ALREADY_LOGGED_IN')
          throw new Pkcs11Error(
            'PKCS11_LOGIN',
            `${where}: login failed (${code ?? 'error'}) with the PIN from ${pinWhere(uri.pinSource)}`
          );
      }
      try {
        return op({ p, c, session, slot, uri, call });
      } finally {
        try {
          p.C_Logout(session);
        } catch {
          // already logged out
        }
      }
    } finally {
      try {
        p.C_CloseSession(session);
      } catch {
        // the token went away
      }
    }
  } finally {
    if (initialised)
      try {
        p.C_Finalize();
      } catch {
        // nothing to do
      }
    try {
      p.close();
    } catch {
      // nothing to do
    }
  }
}

function pinWhere(s: PinSource | undefined): string {
  return s === undefined ? '(none)' : s.kind === 'env' ? `env:${s.name}` : `file ${s.path}`;
}

/** Is `mech` in the token's mechanism list? */
export function hasMechanism(t: TokenContext, mech: number): boolean {
  return t.call('C_GetMechanismList', () => t.p.C_GetMechanismList(t.slot)).includes(mech);
}

/** Refuse with PKCS11_MECHANISM unless the token lists `mech`. */
export function requireMechanism(t: TokenContext, mech: number, name: string): void {
  if (!hasMechanism(t, mech)) throw mechanismError(name, t.uri);
}

/**
 * The handles of the objects of class `cls` that the URI's `object` (CKA_LABEL) and `id`
 * (CKA_ID) name, plus `extra` attributes.
 */
export function findObjects(t: TokenContext, cls: number, extra: P.Template = []): P.Handle[] {
  const tmpl: P.Template = [{ type: t.c.CKA_CLASS, value: cls }, ...extra];
  if (t.uri.object !== undefined) tmpl.push({ type: t.c.CKA_LABEL, value: t.uri.object });
  if (t.uri.id !== undefined) tmpl.push({ type: t.c.CKA_ID, value: Buffer.from(t.uri.id) });
  return t.call('C_FindObjects', () => {
    t.p.C_FindObjectsInit(t.session, tmpl);
    try {
      return t.p.C_FindObjects(t.session, 64);
    } finally {
      t.p.C_FindObjectsFinal(t.session);
    }
  });
}

/** Read attributes of an object as buffers (in the order asked). */
export function attrs(t: TokenContext, h: P.Handle, types: number[]): Buffer[] {
  const r = t.call('C_GetAttributeValue', () =>
    t.p.C_GetAttributeValue(
      t.session,
      h,
      types.map((type) => ({ type }))
    )
  );
  return types.map((ty) => {
    const a = r.find((x) => x.type === ty);
    return Buffer.from(a?.value ?? Buffer.alloc(0));
  });
}

/** A CK_ULONG attribute value. */
export function ulong(b: Buffer): number {
  if (b.length >= 8) return Number(b.readBigUInt64LE(0));
  if (b.length === 4) return b.readUInt32LE(0);
  return -1;
}

/** A CK_BBOOL attribute value. */
export function bool(b: Buffer): boolean {
  return b.length > 0 && b[0] !== 0;
}

/** The one object of class `cls` the URI names; refuses none or several. */
export function findOne(t: TokenContext, cls: number, what: string): P.Handle {
  const hs = findObjects(t, cls);
  if (hs.length === 0)
    throw new Pkcs11Error('PKCS11_OBJECT_NOT_FOUND', `${describeUri(t.uri)}: no ${what} found`);
  if (hs.length > 1)
    throw new Pkcs11Error(
      'PKCS11_OBJECT_AMBIGUOUS',
      `${describeUri(t.uri)}: ${hs.length} ${what}s match; add object= or id=`
    );
  return hs[0]!;
}
