/**
 * Recompute every internal node of a tree file listed level by level from the root down (the
 * layout of both the OKX v2 full-liabilities file and the BitMEX liabilities CSV), in bounded
 * memory: two readers walk the same file, the parent reader one level behind the child reader,
 * so a level's parents are read exactly when their children are. Memory: two lines and a
 * per-level counter, whatever the file size.
 * @module
 */
import type { LineSource } from './lines.js';

/** The shape: node counts per level, from the root level (index 0) down to the leaves. */
export interface Shape {
  /** Count of nodes per level, root level first. */
  readonly sizes: readonly number[];
  /** Lines to skip at the start (headers). */
  readonly skip: number;
}

/** Called for each parent and its two children (in file order); returns a failure or undefined. */
export type PairCheck<T, F> = (
  parent: T,
  first: T,
  second: T,
  parentLevel: number
) => F | undefined;

/** Walk the file as described; `parse` turns a line into a node. */
export async function walkLevels<T, F>(
  source: LineSource,
  shape: Shape,
  parse: (line: string, lineNo: number) => T,
  pair: PairCheck<T, F>,
  extra: (parent: T, next: T, parentLevel: number) => F | undefined
): Promise<F | undefined> {
  const a = source()[Symbol.asyncIterator]();
  const b = source()[Symbol.asyncIterator]();
  let lineA = 0;
  let lineB = 0;
  const next = async (it: AsyncIterator<string>, which: 'a' | 'b'): Promise<T> => {
    const r = await it.next();
    if (r.done) throw new RangeError('file ended early');
    const n = which === 'a' ? ++lineA : ++lineB;
    return parse(r.value, n);
  };
  try {
    for (let i = 0; i < shape.skip; i++) {
      await a.next();
      await b.next();
      lineA++;
      lineB++;
    }
    // The child reader starts one level below the root.
    for (let i = 0; i < shape.sizes[0]!; i++) {
      await b.next();
      lineB++;
    }
    const levels = shape.sizes.length;
    for (let l = 0; l + 1 < levels; l++) {
      const parentLevel = levels - l;
      const np = shape.sizes[l]!;
      const nc = shape.sizes[l + 1]!;
      const extraParents = np - nc / 2;
      let pending: T | undefined;
      if (extraParents === 1) {
        pending = await next(a, 'a');
      }
      for (let k = 0; k < nc / 2; k++) {
        const p = await next(a, 'a');
        if (pending !== undefined) {
          const f = extra(pending, p, parentLevel);
          if (f !== undefined) return f;
          pending = undefined;
        }
        const c0 = await next(b, 'b');
        const c1 = await next(b, 'b');
        const f = pair(p, c0, c1, parentLevel);
        if (f !== undefined) return f;
      }
    }
    return undefined;
  } finally {
    await a.return?.();
    await b.return?.();
  }
}
