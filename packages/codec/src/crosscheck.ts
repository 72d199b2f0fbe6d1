/**
 * Cross-checked sources: the one way every chain package asks the same question of each of its
 * endpoints (one, or two independent ones) and refuses to go on when they answer differently.
 * The caller keeps its own error (its code names the chain: `SOURCE_DISAGREE`,
 * `ENDPOINTS_DISAGREE`, `XRPL_ENDPOINTS_DISAGREE`), built from the {@link Disagreement} this
 * module reports: which two endpoints, and what each said.
 * @module
 */

/** Two endpoints that answered the same question differently. */
export interface Disagreement<S, T> {
  /** The first source and its answer (the one every other is compared with). */
  readonly a: S;
  readonly x: T;
  /** The first source that answered otherwise, its index in the list, and its answer. */
  readonly b: S;
  readonly index: number;
  readonly y: T;
}

/**
 * Whether two answers are the same: equal as JSON with bigints written as decimal strings and
 * byte arrays as lists, keys in the order they were written (answers of one parser).
 */
export function sameAnswer(x: unknown, y: unknown): boolean {
  return answerKey(x) === answerKey(y);
}

/** The comparison key of {@link sameAnswer}. */
export function answerKey(v: unknown): string {
  return (
    JSON.stringify(v, (_k, x: unknown) =>
      typeof x === 'bigint'
        ? `${x.toString()}n`
        : x instanceof Uint8Array
          ? Array.from(x)
          : x === undefined
            ? null
            : x
    ) ?? 'undefined'
  );
}

/**
 * The first disagreement among `answers` (answer `i` from `sources[i]`), compared with the first;
 * undefined when all agree.
 */
export function firstDisagreement<S, T>(
  sources: readonly S[],
  answers: readonly T[],
  same: (x: T, y: T) => boolean = sameAnswer
): Disagreement<S, T> | undefined {
  if (sources.length !== answers.length)
    throw new RangeError('"answers": expected one answer per source');
  for (let k = 1; k < answers.length; k++)
    if (!same(answers[0]!, answers[k]!))
      return { a: sources[0]!, x: answers[0]!, b: sources[k]!, index: k, y: answers[k]! };
  return undefined;
}

/**
 * Ask every source at once and return the first's answer when all agree; otherwise throw what
 * `disagree` builds (the caller's error, with its code). An endpoint's own failure is thrown as
 * it is.
 */
export async function crossCheck<S, T>(
  sources: readonly S[],
  ask: (source: S, index: number) => Promise<T>,
  disagree: (d: Disagreement<S, T>) => Error,
  same: (x: T, y: T) => boolean = sameAnswer
): Promise<T> {
  if (sources.length === 0) throw new RangeError('"sources": expected at least one source');
  const answers = await Promise.all(sources.map((s, i) => ask(s, i)));
  const d = firstDisagreement(sources, answers, same);
  if (d) throw disagree(d);
  return answers[0]!;
}
