/**
 * Line sources for the full-tree files (OKX v2 full-liabilities tree, BitMEX liabilities CSV):
 * these files reach gigabytes, so they are read as a stream of lines, never held in memory.
 * Works with Node streams and browser `Blob.stream()` alike (no node: imports).
 * @module
 */

/** Something that can be read from the start, again and again, as lines. */
export type LineSource = () => AsyncIterable<string>;

/** Lines of a string already in memory (small files, tests). */
export function linesOfText(text: string): LineSource {
  return async function* () {
    let i = 0;
    while (i <= text.length) {
      const j = text.indexOf('\n', i);
      const end = j < 0 ? text.length : j;
      const line = text.slice(i, end);
      if (j < 0) {
        if (line !== '') yield stripCr(line);
        return;
      }
      yield stripCr(line);
      i = j + 1;
    }
  };
}

const stripCr = (s: string): string => (s.endsWith('\r') ? s.slice(0, -1) : s);

/** Longest line accepted (a line of either format is well under 1 KiB; 1 MiB leaves room). */
export const MAX_LINE = 1 << 20;

/** Split a stream of UTF-8 chunks into lines (strict UTF-8; a line longer than MAX_LINE throws). */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const dec = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  for await (const c of chunks) {
    rest += dec.decode(c, { stream: true });
    let j = rest.indexOf('\n');
    let i = 0;
    while (j >= 0) {
      yield stripCr(rest.slice(i, j));
      i = j + 1;
      j = rest.indexOf('\n', i);
    }
    rest = rest.slice(i);
    if (rest.length > MAX_LINE) throw new RangeError(`a line is longer than ${MAX_LINE} bytes`);
  }
  rest += dec.decode();
  if (rest !== '') yield stripCr(rest);
}

/** Chunks of a browser ReadableStream (Blob.stream()) as an async iterable. */
export async function* streamChunks(s: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const r = s.getReader();
  try {
    for (;;) {
      const { done, value } = await r.read();
      if (done) return;
      yield value;
    }
  } finally {
    r.releaseLock();
  }
}

/** Lines of a Blob / File, re-readable (browser and Node 20+). */
export function linesOfBlob(b: Blob): LineSource {
  return () => splitLines(streamChunks(b.stream()));
}
