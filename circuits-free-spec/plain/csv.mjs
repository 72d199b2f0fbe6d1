// Conversions between base units and the decimal amounts of a CSV row (SPEC.md §13.2).

/** Base units → the shortest decimal in the asset's unit: 5000000 with 8 decimals → "0.05". */
export function formatUnits(v, decimals) {
  const s = BigInt(v)
    .toString()
    .padStart(decimals + 1, '0');
  if (decimals === 0) return s;
  const int = s.slice(0, s.length - decimals);
  const frac = s.slice(s.length - decimals).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/**
 * Decimal amount in the asset's unit → base units. Strict: digits, optional "." and at most
 * `decimals` fractional digits; no sign, exponent, spaces or leading zeros ("0.5" is fine).
 * Returns a bigint or throws an Error naming the reason.
 */
export function parseUnits(s, decimals) {
  const m = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/.exec(s);
  if (!m) throw new Error(`not a non-negative decimal amount: ${JSON.stringify(s)}`);
  const frac = m[2] ?? '';
  if (frac.length > decimals)
    throw new Error(`${JSON.stringify(s)} has more than ${decimals} fractional digits`);
  return BigInt(m[1] + frac.padEnd(decimals, '0'));
}

/** CSV text with header `uid,<SYMBOL>,…` and one row per user (uids must not need quoting). */
export function toCsv(assets, users) {
  const lines = [['uid', ...assets.map((a) => a.symbol)].join(',')];
  for (const u of users)
    lines.push([u.uid, ...u.balances.map((b, c) => formatUnits(b, assets[c].decimals))].join(','));
  return `${lines.join('\n')}\n`;
}

/** Parse the CSV written by toCsv (no quoting). Throws Error naming line and column. */
export function fromCsv(text, assets) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new Error('line 1: empty input');
  const header = lines[0].replace(/\r$/, '').split(',');
  if (header[0] !== 'uid') throw new Error('line 1: first column must be "uid"');
  const cols = header.slice(1);
  const idx = assets.map((a) => {
    const i = cols.indexOf(a.symbol);
    if (i < 0) throw new Error(`line 1: missing asset column ${a.symbol}`);
    return i;
  });
  for (const c of cols)
    if (!assets.some((a) => a.symbol === c)) throw new Error(`line 1: unknown asset column ${c}`);
  if (new Set(cols).size !== cols.length) throw new Error('line 1: duplicate asset column');
  const users = [];
  for (let n = 1; n < lines.length; n++) {
    const cells = lines[n].replace(/\r$/, '').split(',');
    if (cells.length !== header.length)
      throw new Error(`line ${n + 1}: expected ${header.length} columns`);
    const balances = idx.map((i, c) => {
      try {
        return parseUnits(cells[i + 1], assets[c].decimals);
      } catch (e) {
        throw new Error(`line ${n + 1}, column ${assets[c].symbol}: ${e.message}`);
      }
    });
    users.push({ uid: cells[0], balances });
  }
  if (users.length === 0) throw new Error('no users');
  return users;
}

/** JSON Lines text: one `{"uid": "...", "balances": {"<SYMBOL>": "<decimal>"}}` per user. */
export function toJsonl(assets, users) {
  return users
    .map((u) => {
      const balances = {};
      assets.forEach((a, c) => {
        balances[a.symbol] = formatUnits(u.balances[c], a.decimals);
      });
      return `${JSON.stringify({ uid: u.uid, balances })}\n`;
    })
    .join('');
}

/** Parse JSON Lines input strictly (every asset present, no other key). Throws naming the line. */
export function fromJsonl(text, assets, parse) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const users = [];
  lines.forEach((line, n) => {
    const where = `line ${n + 1}`;
    let o;
    try {
      o = parse(line.replace(/\r$/, ''));
    } catch (e) {
      throw new Error(`${where}: ${e.message}`);
    }
    if (!o || typeof o !== 'object' || Array.isArray(o))
      throw new Error(`${where}: expected an object`);
    if (Object.keys(o).sort().join(',') !== 'balances,uid')
      throw new Error(`${where}: expected exactly "uid" and "balances"`);
    if (typeof o.uid !== 'string') throw new Error(`${where}: uid must be a string`);
    const b = o.balances;
    if (!b || typeof b !== 'object' || Array.isArray(b))
      throw new Error(`${where}: balances must be an object`);
    for (const k of Object.keys(b))
      if (!assets.some((a) => a.symbol === k)) throw new Error(`${where}: unknown asset ${k}`);
    const balances = assets.map((a) => {
      if (typeof b[a.symbol] !== 'string') throw new Error(`${where}: missing ${a.symbol}`);
      try {
        return parseUnits(b[a.symbol], a.decimals);
      } catch (e) {
        throw new Error(`${where}, ${a.symbol}: ${e.message}`);
      }
    });
    users.push({ uid: o.uid, balances });
  });
  if (users.length === 0) throw new Error('no users');
  return users;
}
