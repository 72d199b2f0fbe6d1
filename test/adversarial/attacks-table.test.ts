/**
 * `circuits-free-spec/ATTACKS.md` is complete and honest — ONE checker for every block of it:
 * - the catalogue (sections A, C, D and E of the attack catalogue, plus its vector suites) has
 *   exactly one row per test-case id;
 * - every row of every block (catalogue ids, `I<issue>-…` issue blocks, `S<issue>-…` hardening
 *   rounds, `V<n>-…` protocol-version blocks, and any later block using an id of that shape) has
 *   a unique id and is either tested, with at least one test reference, or n/a / a known gap with
 *   its reason; hardening rows are always tested;
 * - every referenced test file exists and contains the referenced test name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const table = readFileSync(`${repo}circuits-free-spec/ATTACKS.md`, 'utf8');

/**
 * The test-case ids of sections A, C, D, E of reference/attacks.md (the catalogue lives outside
 * the repository; when it is present beside the checkout the list is re-derived from it below).
 * D6, E5 and E6 give vector suites without ids: they are rows "D6 (vectors)", "E5", "E6".
 */
const CATALOGUE_IDS = `A1-a A1-b A1-c A2-a A2-b A3-a A3-b A3-c A3-d A4-a A4-b A4-c A5-a A5-b A6-a
A6-b A6-c A6-d A7-a A7-b A8-a A8-b A8-c A8-d A9-a A9-b A10-a A10-b A10-c A11-a A12-a A12-b A12-c
A13-a A13-b A14-a A14-b A15-a A15-b A15-c A15-d A16-a A16-b A16-c C1-a C1-b C1-c C2-a C2-b C3-a
C3-b C3-c C3-d C4-a C4-b C4-c C4-d C5-a C5-b C5-c C5-d C6-a C6-b C7-a C7-b C7-c C8-a C9-a C9-b
D1-a D1-b D2-a D2-b D2-c D3-a D3-b D3-c D4-a D4-b D4-c D5-a D5-b D5-c D6-a D6-b D7-a D7-b E1-a
E1-b E1-c E1-d E1-e E2-a E2-b E3-a E4-a E7-a E7-b E7-c E8-a`
  .split(/\s+/)
  .filter(Boolean);
const SUITES = ['D6 (vectors)', 'E5', 'E6'];
/** A catalogue row's id (or vector suite). */
const CATALOGUE = /^[ACDE]\d{1,2}(?:-[a-e])?(?: \(vectors\))?$/;

interface Row {
  id: string;
  status: string;
  cell: string;
}

/**
 * Every table row whose first cell is an id: a capital letter, a number, then `-…` parts
 * (`A1-a`, `I12-N1`, `S17-e4`, `V2-a`), or a catalogue vector suite. Tolerant of column padding
 * (the file may be reformatted by a Markdown formatter).
 */
function rows(): Row[] {
  const out: Row[] = [];
  for (const line of table.split('\n')) {
    const m = /^\|\s*([A-Z]\d{1,3}(?:-[A-Za-z0-9]+)*(?: \(vectors\))?)\s*\|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    const cells = m[2]!.split(/\s\|\s/).map((c) => c.trim());
    out.push({ id: m[1]!, status: cells[2]!, cell: cells.slice(3).join(' | ') });
  }
  return out;
}

const REF = /`([^`]+\.test\.ts)` › `([^`]+)`/g;

/** The problems with a row's test references: a missing file, or a name not in it. */
function badRefs(r: Row): string[] {
  const bad: string[] = [];
  for (const m of r.cell.matchAll(REF)) {
    const file = `${repo}${m[1]}`;
    if (!existsSync(file)) {
      bad.push(`${r.id}: ${m[1]} does not exist`);
      continue;
    }
    const src = readFileSync(file, 'utf8');
    // the name appears as written (quotes inside names may be escaped in the source)
    const name = m[2]!.replaceAll('\\|', '|');
    const found =
      src.includes(name) ||
      src.includes(name.replaceAll("'", "\\'")) ||
      src.includes(name.replaceAll('"', '\\"'));
    if (!found) bad.push(`${r.id}: "${name}" not in ${m[1]}`);
  }
  return bad;
}

describe('ATTACKS.md', () => {
  const all = rows();
  const byId = new Map(all.map((r) => [r.id, r]));
  const ids = all.map((r) => r.id);

  it('every id once, in every block', () => {
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('has exactly one row per catalogue test case (A, C, D, E) and per vector suite', () => {
    expect(ids.filter((id) => CATALOGUE.test(id)).sort()).toEqual(
      [...CATALOGUE_IDS, ...SUITES].sort()
    );
  });

  it('the embedded id list matches reference/attacks.md when the catalogue is available', () => {
    const cat = fileURLToPath(new URL('../../../shared/reference/attacks.md', import.meta.url));
    if (!existsSync(cat)) return; // CI checkout without the shared reference folder
    const text = readFileSync(cat, 'utf8');
    const start = text.indexOf('### A. ');
    const bStart = text.indexOf('### B. ');
    const cStart = text.indexOf('### C. ');
    const fStart = text.indexOf('### F. ');
    expect(start).toBeGreaterThan(0);
    const sections = text.slice(start, bStart) + text.slice(cStart, fStart);
    const found = new Set(sections.match(/\b[ACDE]\d{1,2}-[a-e]\b/g) ?? []);
    expect([...found].sort()).toEqual([...CATALOGUE_IDS].sort());
  });

  it('the issue blocks and hardening rounds hold their listed rows', () => {
    // issue 12: the rows found after the catalogue
    for (const id of ['I12-N1', 'I12-N2', 'I12-H1', 'I12-I1']) expect(ids).toContain(id);
    // issue 12, block c: Core's CHECKMULTISIG and script tests, the audit beacon
    for (const id of ['S12-c1', 'S12-c2', 'S12-c3', 'S12-c4']) expect(ids, id).toContain(id);
    // issue 17, block b: the Bitcoin family (LTC, BCH, DOGE, MONA)
    for (let i = 1; i <= 8; i++) expect(ids, `S17-b${i}`).toContain(`S17-b${i}`);
  });

  it('every row is tested with a reference, or n/a / gap with a reason; hardening rows are tested', () => {
    for (const r of all) {
      expect(['tested', 'n/a', 'gap'], r.id).toContain(r.status);
      if (/^S\d/.test(r.id)) expect(r.status, r.id).toBe('tested');
      if (r.status === 'tested') expect(r.cell.match(REF)?.length ?? 0, r.id).toBeGreaterThan(0);
      else expect(r.cell.length, r.id).toBeGreaterThan(60);
    }
    expect(byId.get('A16-a')?.status).toBe('n/a');
  });

  it('every referenced test file exists and contains the referenced test name', () => {
    expect(all.flatMap(badRefs)).toEqual([]);
    const count = (p: (id: string) => boolean) =>
      all.filter((r) => p(r.id)).reduce((n, r) => n + (r.cell.match(REF)?.length ?? 0), 0);
    expect(count((id) => CATALOGUE.test(id))).toBeGreaterThan(100);
    expect(count((id) => id.startsWith('I'))).toBeGreaterThan(15);
    expect(count((id) => id.startsWith('S'))).toBeGreaterThan(30);
  });
});
