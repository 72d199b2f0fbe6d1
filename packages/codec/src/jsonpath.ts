/**
 * JSON paths in the one notation of every Kura reader error: `$.assets[2].decimals`,
 * `$["odd key"]` (member names that are not identifiers quoted, URL credentials and long names
 * clipped so a broken file's secrets are not echoed into logs).
 * @module
 */

/** The JSON path of member `key` of the value at `path` (`$.a.b`, `$["a b"]`). */
export function memberPath(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
    ? `${path}.${key}`
    : `${path}[${JSON.stringify(shownKey(key))}]`;
}

/**
 * The JSON path of a value given as keys from the root, in the notation of the parser's
 * errors: `$.assets[2].decimals`, `$["odd key"]`.
 */
export function jsonPath(keys: readonly (string | number)[]): string {
  let p = '$';
  for (const k of keys) p = typeof k === 'number' ? `${p}[${k}]` : memberPath(p, k);
  return p;
}

/**
 * The keys of a JSON path in the notation of {@link jsonPath} (`$.a[2]["odd key"]`), or
 * undefined if `path` is not one.
 */
export function parseJsonPath(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3] as string) as string);
  }
  return out;
}

/**
 * A member name as error messages show it: URL credentials removed and long names clipped, so
 * a broken file whose string value became a member name (say a database URL with its password,
 * once `"url":` was deleted) is not echoed into logs.
 */
export function shownKey(key: string): string {
  const k = key.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#@\s]*@/, '$1…@');
  return k.length > 40 ? `${k.slice(0, 20)}…` : k;
}
