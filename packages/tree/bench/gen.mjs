/**
 * Generate a benchmark CSV: `uid,<SYMBOL>…` with deterministic pseudo-random decimal amounts.
 * usage: node gen.mjs <out.csv> <users> <assets>
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** Asset list for k assets (decimals cycle through realistic values). */
export function benchAssets(k) {
  const base = [
    { symbol: 'BTC', decimals: 8 },
    { symbol: 'ETH', decimals: 18 },
    { symbol: 'USDC', decimals: 6 },
    { symbol: 'JPY', decimals: 0 },
    { symbol: 'SOL', decimals: 9 },
    { symbol: 'XRP', decimals: 6 },
    { symbol: 'DOGE', decimals: 8 },
    { symbol: 'ADA', decimals: 6 },
  ];
  return Array.from({ length: k }, (_, i) =>
    i < base.length ? base[i] : { symbol: `T${i}`, decimals: 8 }
  );
}

/** Write `users` rows of `k` assets to `file`. */
export function generateCsv(file, users, k) {
  const assets = benchAssets(k);
  const fd = openSync(file, 'w');
  let s = `uid,${assets.map((a) => a.symbol).join(',')}\n`;
  let x = 0x9e3779b9;
  const rnd = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  for (let i = 0; i < users; i++) {
    let row = `u${i.toString(36)}-${(rnd() % 100000).toString(36)}`;
    for (const a of assets) {
      const r = rnd();
      if (r % 4 === 0) row += ',0';
      else {
        const int = r % 1000;
        const d = Math.min(a.decimals, 1 + (r % 7));
        const frac = d > 0 ? `.${String(rnd() % 10 ** d).padStart(d, '0')}` : '';
        row += `,${int}${frac}`;
      }
    }
    s += `${row}\n`;
    if (s.length > 1 << 20) {
      writeSync(fd, s);
      s = '';
    }
  }
  writeSync(fd, s);
  closeSync(fd);
  return assets;
}

if (process.argv[1]?.endsWith('gen.mjs')) {
  const [, , out, users, k] = process.argv;
  generateCsv(out, Number(users), Number(k));
}
