// Strict JSON text parser and a tiny JCS for the plain implementation (SPEC.md §3.4, §3.5).
// Written from SPEC.md alone; shares no code with packages/.
//
// parseStrict(text) accepts exactly RFC 8259 JSON and additionally rejects (SPEC.md §3.5):
// duplicate object keys, the key "__proto__", numbers whose magnitude exceeds 2^53 - 1 or that
// are not exactly representable, and strings containing lone surrogates.

export class StrictJsonError extends Error {}

const WS = new Set([' ', '\t', '\n', '\r']);
const LITERALS = [
  ['true', true],
  ['false', false],
  ['null', null],
];

export function parseStrict(text) {
  if (typeof text !== 'string') throw new StrictJsonError('expected text');
  let i = 0;
  const fail = (msg) => {
    throw new StrictJsonError(`${msg} at offset ${i}`);
  };
  const ws = () => {
    while (i < text.length && WS.has(text[i])) i++;
  };
  const value = (depth) => {
    if (depth > 64) fail('nesting too deep');
    ws();
    const c = text[i];
    if (c === '{') return object(depth);
    if (c === '[') return array(depth);
    if (c === '"') return string();
    for (const [word, v] of LITERALS)
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    return fail('unexpected character');
  };
  const object = (depth) => {
    i++;
    const out = {};
    const seen = new Set();
    ws();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail('expected a key');
      const k = string();
      if (k === '__proto__') fail('key "__proto__" is not allowed');
      if (seen.has(k)) fail(`duplicate key "${k}"`);
      seen.add(k);
      ws();
      if (text[i] !== ':') fail('expected ":"');
      i++;
      Object.defineProperty(out, k, {
        value: value(depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      fail('expected "," or "}"');
    }
  };
  const array = (depth) => {
    i++;
    const out = [];
    ws();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      out.push(value(depth + 1));
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return out;
      }
      fail('expected "," or "]"');
    }
  };
  const string = () => {
    i++;
    let s = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text[i];
      const code = c.charCodeAt(0);
      if (c === '"') {
        i++;
        break;
      }
      if (code < 0x20) fail('control character in string');
      if (c === '\\') {
        const e = text[i + 1];
        const map = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in map) {
          s += map[e];
          i += 2;
        } else if (e === 'u') {
          const h = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('bad \\u escape');
          s += String.fromCharCode(Number.parseInt(h, 16));
          i += 6;
        } else fail('bad escape');
      } else {
        s += c;
        i++;
      }
    }
    if (!isWellFormed(s)) fail('lone surrogate in string');
    return s;
  };
  const number = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (!m) fail('bad number');
    i += m[0].length;
    const n = Number(m[0]);
    if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER)
      fail('number outside the exactly representable range');
    // SPEC.md "Canonical integers": -0 is a second spelling of 0
    if (m[0] === '-0') fail('-0 is not a canonical integer');
    return n;
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail('trailing characters');
  return v;
}

/** true when `s` has no lone UTF-16 surrogate. */
export function isWellFormed(s) {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(k + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      k++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/**
 * RFC 8785 canonical JSON for the small values of protocol v1: objects, arrays, strings and
 * safe integers. Keys are sorted by UTF-16 code units; strings are serialised like ECMAScript
 * JSON.stringify (which is what RFC 8785 prescribes); integers in their shortest decimal form.
 */
export function jcs(v) {
  if (v === null || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new TypeError('jcs: only safe integers are supported');
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map(jcs).join(',')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(',')}}`;
  }
  throw new TypeError(`jcs: unsupported ${typeof v}`);
}
