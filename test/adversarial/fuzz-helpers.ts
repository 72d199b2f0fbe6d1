/**
 * Fuzzing helpers shared by the hardening suites: structural JSON mutation (fast-check
 * arbitraries), byte-level mutation, a per-case time bound, and "throws only KuraError".
 * @module
 */
import { KuraError } from '@kura/codec';
import fc from 'fast-check';
import { expect } from 'vitest';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path (array of keys / indices) into a JSON value, the root included. */
export function paths(v: Json, max = 4000): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (x: Json, p: (string | number)[]) => {
    if (out.length >= max) return;
    out.push(p);
    if (Array.isArray(x)) {
      for (const [i, y] of x.entries()) walk(y, [...p, i]);
    } else if (x !== null && typeof x === 'object')
      for (const [k, y] of Object.entries(x)) walk(y, [...p, k]);
  };
  walk(v, []);
  return out;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function getAt(v: Json, p: readonly (string | number)[]): Json {
  let x: Json = v;
  for (const k of p) x = (x as Record<string | number, Json>)[k]!;
  return x;
}

export type MutationOp =
  | 'replace'
  | 'delete'
  | 'addKey'
  | 'dupItem'
  | 'dropItem'
  | 'editString'
  | 'bumpNumber'
  | 'typeSwap'
  | 'bumpDecimal';

/** One structural mutation of `base`: a mutated deep copy, or `undefined` if not applicable. */
export function mutate(
  base: Json,
  pick: number,
  op: MutationOp,
  junk: Json,
  n: number
): Json | undefined {
  const ps = paths(base);
  const p = ps[pick % ps.length]!;
  const v = clone(base);
  const target = getAt(v, p);
  const parentPath = p.slice(0, -1);
  const key = p[p.length - 1];
  const parent = p.length > 0 ? (getAt(v, parentPath) as Record<string | number, Json>) : null;
  const set = (x: Json): Json => {
    if (parent === null) return x;
    parent[key!] = x;
    return v;
  };
  switch (op) {
    case 'replace':
      return set(junk);
    case 'delete':
      if (parent === null) return undefined;
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key!];
      return v;
    case 'addKey':
      if (target === null || typeof target !== 'object' || Array.isArray(target)) return undefined;
      (target as Record<string, Json>)[`x${n % 7}`] = junk;
      return v;
    case 'dupItem':
      if (!Array.isArray(target) || target.length === 0) return undefined;
      target.push(clone(target[n % target.length]!));
      return v;
    case 'dropItem':
      if (!Array.isArray(target) || target.length === 0) return undefined;
      target.splice(n % target.length, 1);
      return v;
    case 'editString': {
      if (typeof target !== 'string') return undefined;
      const i = target.length === 0 ? 0 : n % target.length;
      const c = target.charCodeAt(i) || 0x30;
      const repl = String.fromCharCode(c === 0x7a ? 0x61 : c + 1);
      return set(target.slice(0, i) + repl + target.slice(i + 1));
    }
    case 'bumpNumber':
      if (typeof target !== 'number') return undefined;
      return set(target + (n % 2 === 0 ? 1 : -1));
    case 'bumpDecimal': {
      if (typeof target !== 'string' || !/^(0|[1-9][0-9]*)$/.test(target)) return undefined;
      const b = BigInt(target) + (n % 2 === 0 ? 1n : -1n);
      return b < 0n ? undefined : set(b.toString());
    }
    case 'typeSwap':
      if (typeof target === 'string') return set(/^\d+$/.test(target) ? Number(target) : [target]);
      if (typeof target === 'number') return set(String(target));
      if (Array.isArray(target)) return set({ ...target } as Json);
      if (target !== null && typeof target === 'object') return set(Object.values(target));
      return set(target === null ? 0 : null);
  }
}

/** An arbitrary of structural mutations of `base` that actually change it. */
export function mutationsOf(base: Json, ops?: readonly MutationOp[]): fc.Arbitrary<Json> {
  const all: MutationOp[] = [
    'replace',
    'delete',
    'addKey',
    'dupItem',
    'dropItem',
    'editString',
    'bumpNumber',
    'typeSwap',
    'bumpDecimal',
  ];
  const baseText = JSON.stringify(base);
  return fc
    .record({
      pick: fc.nat(),
      op: fc.constantFrom(...(ops ?? all)),
      junk: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
      n: fc.nat(),
    })
    .map(({ pick, op, junk, n }) => mutate(base, pick, op, junk, n))
    .filter((m): m is Json => m !== undefined && JSON.stringify(m) !== baseText);
}

/** Byte-level mutations of a text: flip, insert, delete, truncate, duplicate a slice. */
export function byteMutationsOf(text: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      op: fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'dup'),
      at: fc.nat(),
      len: fc.integer({ min: 1, max: 16 }),
      byte: fc.integer({ min: 0, max: 255 }),
      bit: fc.integer({ min: 0, max: 7 }),
    })
    .map(({ op, at, len, byte, bit }) => {
      const i = text.length === 0 ? 0 : at % text.length;
      const b = Uint8Array.from(text);
      switch (op) {
        case 'flip':
          b[i] = b[i]! ^ (1 << bit);
          return b;
        case 'insert':
          return Uint8Array.from([...b.subarray(0, i), byte, ...b.subarray(i)]);
        case 'delete':
          return Uint8Array.from([...b.subarray(0, i), ...b.subarray(i + len)]);
        case 'truncate':
          return b.subarray(0, i);
        default:
          return Uint8Array.from([...b.subarray(0, i + len), ...b.subarray(i)]);
      }
    })
    .filter((m) => m.length !== text.length || m.some((x, j) => x !== text[j]));
}

/** Per-case wall-clock bound (ms) of the synchronous parsers and verifiers under fuzzing. */
export const CASE_MS = 2000;

/** Run `f`, asserting it finished within `ms`. Returns its result. */
export function timed<T>(f: () => T, ms = CASE_MS): T {
  const t = performance.now();
  const r = f();
  const dt = performance.now() - t;
  expect(dt, `one case took ${dt.toFixed(0)} ms`).toBeLessThan(ms);
  return r;
}

/** Await `p` with a bound: rejects if it takes longer than `ms`. */
export async function timedAsync<T>(p: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new Error(`hung for ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

/** Call `f`; it may return, or throw a {@link KuraError} (never another exception). */
export function throwsOnlyKuraError(f: () => unknown): { threw: boolean; value?: unknown } {
  try {
    return { threw: false, value: timed(f) };
  } catch (e) {
    if (!(e instanceof KuraError))
      throw new Error(`threw a non-KuraError: ${(e as Error)?.stack ?? String(e)}`);
    return { threw: true };
  }
}

/** A verifier result must be a failure object (never a throw, never ok). */
export function expectRefused(r: unknown): void {
  expect(r).toBeTypeOf('object');
  expect((r as { ok: unknown }).ok).toBe(false);
  expect(typeof (r as { code: unknown }).code).toBe('string');
}

/** The first path (`$.a[0].b`) where two JSON values differ, or undefined if equal. */
export function diffPath(a: Json, b: Json, at = '$'): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (
    a &&
    b &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) return at;
      for (let i = 0; i < a.length; i++) {
        const d = diffPath(a[i]!, b[i]!, `${at}[${i}]`);
        if (d) return d;
      }
      return at;
    }
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    if (ka.length !== kb.length || ka.some((k) => !(k in (b as object)))) return at;
    for (const k of ka) {
      const d = diffPath(
        (a as Record<string, Json>)[k]!,
        (b as Record<string, Json>)[k]!,
        `${at}.${k}`
      );
      if (d) return d;
    }
  }
  return at;
}

/**
 * Mutations of one value of a collected evidence file (a string edited, a decimal or a number
 * bumped, an item dropped or repeated) that change an entry: not the list of entries itself (a
 * shorter list understates reserves, which the attestation's hash binds) and not the exchange's
 * declarations (`custody`, `label`); `keep(path, m)` may leave out more.
 */
export function entryMutationsOf(
  base: Json,
  keep: (path: string, m: Json) => boolean = () => true
): fc.Arbitrary<Json> {
  return mutationsOf(base, [
    'editString',
    'bumpDecimal',
    'bumpNumber',
    'dropItem',
    'dupItem',
  ]).filter((m) => {
    const d = diffPath(base, m);
    return d !== undefined && d !== '$.entries' && !/\.(custody|label)$/.test(d) && keep(d, m);
  });
}
