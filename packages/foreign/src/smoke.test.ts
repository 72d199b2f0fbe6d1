import { test } from 'vitest';
import { verifyForeignFile } from './node.js';
const d = new URL('../test/vectors/', import.meta.url).pathname;
test('smoke', async () => {
  for (const f of process.env.F!.split(',')) {
    const r = await verifyForeignFile(d + f);
    console.log(f, JSON.stringify(r.ok ? { v: r.report.verdict, ver: r.report.version, f: r.report.findings.map((x) => x.id + (x.level ? `@${x.level}` : '') + (x.asset ? `:${x.asset}` : '') + (x.value ? `=${x.value}` : '')) } : r));
  }
});
