/**
 * The issue blocks of `circuits-free-spec/ATTACKS.md` (ids `I<issue>-<id>`, attacks found after
 * the catalogue): ids unique, every row tested with a reference or n/a / gap with a reason, and
 * every referenced test file exists and contains the referenced name (as written, or a literal
 * part of a generated name). The catalogue rows (A, C, D, E) are checked by attacks-table.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const table = readFileSync(`${repo}circuits-free-spec/ATTACKS.md`, 'utf8');
const REF = /`([^`]+\.test\.ts)` › `([^`]+)`/g;

function rows(): { id: string; status: string; cell: string }[] {
  const out: { id: string; status: string; cell: string }[] = [];
  for (const line of table.split('\n')) {
    const m = /^\|\s*(I\d+-[A-Za-z0-9-]+)\s*\|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    const cells = m[2]!.split(/\s\|\s/).map((c) => c.trim());
    out.push({ id: m[1]!, status: cells[2]!, cell: cells.slice(3).join(' | ') });
  }
  return out;
}

describe('ATTACKS.md issue blocks', () => {
  const all = rows();
  it('has the issue-12 rows, each id once', () => {
    const ids = all.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['I12-N1', 'I12-N2', 'I12-H1', 'I12-I1']) expect(ids).toContain(id);
  });
  it('every row is tested with a reference to an existing test, or n/a / gap with a reason', () => {
    let n = 0;
    for (const r of all) {
      expect(['tested', 'n/a', 'gap'], r.id).toContain(r.status);
      const refs = [...r.cell.matchAll(REF)];
      if (r.status === 'tested') expect(refs.length, r.id).toBeGreaterThan(0);
      else expect(r.cell.length, r.id).toBeGreaterThan(60);
      for (const m of refs) {
        const file = `${repo}${m[1]}`;
        expect(existsSync(file), `${r.id}: ${m[1]}`).toBe(true);
        const src = readFileSync(file, 'utf8');
        const name = m[2]!;
        const found =
          src.includes(name) ||
          src.includes(name.replaceAll("'", "\\'")) ||
          src.includes(name.replaceAll('"', '\\"'));
        expect(found, `${r.id}: "${name}" not in ${m[1]}`).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThan(15);
  });
});
