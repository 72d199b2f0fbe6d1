/**
 * `kura policy list|explain|check` through the built binary (run `npx tsc -b` in cli/ first).
 * The data files are the reference Japanese exchange of regulation.md §7.3 (built by the policy
 * package's test fixtures).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseFiles, JP_ASSETS, jpInputs } from '../../packages/policy/test/fixtures.js';
import { runKura } from './testing.js';

let dir: string;
const path = (f: string) => join(dir, f);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kura-policy-cli-'));
  const ok = caseFiles(JP_ASSETS, jpInputs());
  writeFileSync(path('root.json'), ok.liabilities);
  writeFileSync(path('evidence.json'), ok.reserves);
  writeFileSync(path('inputs.json'), ok.inputs);
  const hacked = caseFiles(
    JP_ASSETS,
    jpInputs({
      incidents: [{ date: '2025-05-31', loss: '2000000000', currency: 'JPY', description: 'hack' }],
    })
  );
  writeFileSync(path('inputs-hack.json'), hacked.inputs);
  const noEth = JSON.parse(ok.inputs);
  noEth.prices = noEth.prices.filter((p: { asset: string }) => p.asset !== 'ETH');
  writeFileSync(path('inputs-noeth.json'), JSON.stringify(noEth, null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = (inputs: string, ...more: string[]) =>
  runKura([
    'policy',
    'check',
    '--policy',
    'JP-FSA-2026',
    '--inputs',
    path(inputs),
    '--liabilities',
    path('root.json'),
    '--reserves',
    path('evidence.json'),
    ...more,
  ]);

describe('kura policy list / explain', () => {
  it('lists the shipped policies from the built package', () => {
    const r = runKura(['policy', 'list']);
    expect(r.code).toBe(0);
    for (const id of ['JP-FSA-2026', 'JP-PSA', 'HK-SFC-VATP', 'EU-MiCA', 'Dubai-VARA'])
      expect(r.stdout).toMatch(new RegExp(`^${id} `, 'm'));
    const j = JSON.parse(runKura(['policy', 'list', '--json']).stdout) as {
      id: string;
      status: string;
      sha256: string;
    }[];
    expect(j.find((p) => p.id === 'JP-FSA-2026')).toMatchObject({
      status: 'proposal',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('explains each parameter with value and provenance', () => {
    const r = runKura(['policy', 'explain', 'JP-FSA-2026']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('/custody/coldStorage/minRatio = 0.95  [law]');
    expect(r.stdout).toContain('/liabilityReserve/bounds/max = 40000000000  [reported]');
    expect(r.stdout).toMatch(
      /\/liabilityReserve\/insurance\/maxFraction = 0\.5 {2}\[assumption\]\n {6}source: .*\n {6}reason: "part" is not quantified/
    );
    const j = JSON.parse(runKura(['policy', 'explain', 'EU-MiCA', '--json']).stdout);
    expect(
      j.parameters.find((p: { pointer: string }) => p.pointer === '/capital/classes/3/fixedMinimum')
    ).toMatchObject({ value: '150000', provenance: { kind: 'law' } });
  });

  it('an unknown policy id could not be checked (exit 2)', () => {
    const r = runKura(['policy', 'explain', 'JP-NOPE']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /kura: BAD_INPUT: field "policy": no shipped policy "JP-NOPE"; shipped: .*JP-FSA-2026/
    );
  });
});

describe('kura policy check', () => {
  it('passes (exit 0) and prints the breakdown', () => {
    const r = check('inputs.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/component:coldCustody +7760000000 JPY {2}\[assumption\]/);
    expect(r.stdout).toContain('required 760000000000 JPY, actual 776000000000 JPY  (coldStorage)');
    expect(r.stdout).toContain('Required reserve: 7003400000 JPY');
    expect(r.stdout).toMatch(/Verdict: PASS\n$/);
  });

  it('--json prints the PolicyEvaluation; --out writes the same', () => {
    const r = check('inputs.json', '--json', '--out', path('eval.json'));
    expect(r.code).toBe(0);
    const ev = JSON.parse(r.stdout);
    expect(ev).toMatchObject({
      id: 'JP-FSA-2026',
      version: '1.0.0',
      reportingCurrency: 'JPY',
      requiredReserve: '7003400000',
      pass: true,
    });
    expect(ev.inputs.tradingVolumes).toHaveLength(3);
    expect(JSON.parse(readFileSync(path('eval.json'), 'utf8'))).toEqual(ev);
  });

  it('fails (exit 1) when the reserve is short, naming the failed check', () => {
    const r = check('inputs-hack.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'required 10505100000 JPY, actual 8588000000 JPY  (liabilityReserve)'
    );
    expect(r.stdout).toMatch(/Verdict: FAIL \(liabilityReserve\)/);
  });

  it('a bad inputs file could not be checked (exit 2): file, line, field; nothing written', () => {
    const r = check('inputs-noeth.json', '--out', path('never.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^kura: BAD_INPUT: .*inputs-noeth\.json:\d+: field "\$\.prices": missing a price for "ETH"/
    );
    expect(r.stdout).toBe('');
    expect(existsSync(path('never.json'))).toBe(false);
  });

  it('a missing file could not be checked (exit 2)', () => {
    const r = runKura([
      'policy',
      'check',
      '--policy',
      'JP-PSA',
      '--inputs',
      path('nope.json'),
      '--liabilities',
      path('root.json'),
      '--reserves',
      path('evidence.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.json: file not found/);
  });

  it('takes a policy file path as well as an id', () => {
    const p = JSON.parse(runKura(['policy', 'explain', 'JP-PSA', '--json']).stdout);
    expect(p.id).toBe('JP-PSA');
    const file = path('my-policy.json');
    writeFileSync(
      file,
      readFileSync(new URL('../../packages/policy/policies/JP-PSA.json', import.meta.url))
    );
    const r = runKura([
      'policy',
      'check',
      '--policy',
      file,
      '--inputs',
      path('inputs.json'),
      '--liabilities',
      path('root.json'),
      '--reserves',
      path('evidence.json'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      id: 'JP-PSA',
      sha256: p.sha256,
      requiredReserve: '0',
      pass: true,
    });
  });
});
