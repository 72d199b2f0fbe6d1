/**
 * Optional Japanese labels (`labelJa`) in a policy file, next to each rule's `label`: accepted by
 * the engine and by policy.schema.json, carried into the evaluation's terms and checks (composed
 * in Japanese where the engine composes the English label), and absent everywhere when the
 * policy gives none — so every existing policy's evaluation stays byte-identical.
 */
import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { caseFiles, JP_ASSETS, type Json, jpInputs, shipped } from '../test/fixtures.js';
import { evaluatePolicy, parsePolicy } from './index.js';

const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ??
  Ajv2020Module) as new (
  o: object
) => {
  compile(s: object): ((d: unknown) => boolean) & { errors?: unknown };
};
const schema = JSON.parse(
  readFileSync(
    new URL('../../../circuits-free-spec/schemas/policy.schema.json', import.meta.url),
    'utf8'
  )
);
const validPolicy = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

/** JP-FSA-2026 without any Japanese label (as every policy was before `labelJa`). */
function withoutJa(): Json {
  return JSON.parse(new TextDecoder().decode(shipped('JP-FSA-2026')), (k, v) =>
    k === 'labelJa' ? undefined : v
  ) as Json;
}

/** JP-FSA-2026 with a Japanese label on each kind of rule that has a label (one left out). */
function withJa(): Json {
  const p = withoutJa();
  p.liabilityReserve.labelJa = '責任準備金（モデル）';
  p.liabilityReserve.components[0].labelJa = '取引高に応じた部分';
  p.liabilityReserve.eligibleAssets[0].labelJa = '信託で分別管理する円現金';
  p.liabilityReserve.securityPosture.factors[0].labelJa = 'コールド比率 99% 以上';
  p.capital.classes['crypto-exchange'].labelJa = '暗号資産交換業者';
  // components[1] (coldCustody) keeps no Japanese label.
  return p;
}

const files = () => caseFiles(JP_ASSETS, jpInputs());
const evaluate = (policy: Json | Uint8Array) =>
  evaluatePolicy({
    policy: policy instanceof Uint8Array ? policy : JSON.stringify(policy),
    ...files(),
  });

describe('labelJa in a policy file', () => {
  it('the shipped JP-FSA-2026 names its own rules in Japanese', () => {
    const ev = evaluate(shipped('JP-FSA-2026'));
    expect(ev.terms.find((t) => t.id === 'component:coldCustody')?.labelJa).toBe(
      '預かり資産に応じた部分（保管方法別の顧客暗号資産）'
    );
  });

  it('is accepted by the engine and by policy.schema.json', () => {
    const p = withJa();
    expect(validPolicy(p)).toBe(true);
    expect(parsePolicy(JSON.stringify(p), 'p.json').policy.liabilityReserve?.labelJa).toBe(
      '責任準備金（モデル）'
    );
  });

  it('must be a non-empty string, like label (engine and schema agree)', () => {
    const p = withJa();
    p.liabilityReserve.components[0].labelJa = 7;
    expect(validPolicy(p)).toBe(false);
    expect(() => parsePolicy(JSON.stringify(p), 'p.json')).toThrow(/labelJa/);
  });

  it('reaches the terms and checks, composed in Japanese', () => {
    const ev = evaluate(withJa());
    const term = (id: string) => ev.terms.find((t) => t.id === id);
    const check = (id: string) => ev.checks.find((c) => c.id === id);
    expect(term('component:volume')?.labelJa).toBe('取引高に応じた部分');
    expect(term('requiredReserve')?.labelJa).toBe('責任準備金（モデル）：必要額');
    expect(term('reserveAsset:cash-jpy-trust')?.labelJa).toBe(
      '信託で分別管理する円現金（掛け目 0 適用後）'
    );
    expect(term('security:cold-ratio-99')?.labelJa).toBe('コールド比率 99% 以上');
    expect(term('capital:crypto-exchange:fixedMinimum')?.labelJa).toBe('暗号資産交換業者：最低額');
    expect(check('liabilityReserve')?.labelJa).toBe(
      '責任準備金（モデル）：準備金充当資産＋保険 ≧ 必要額'
    );
    // The English labels are unchanged.
    expect(term('requiredReserve')?.label).toBe(`${withJa().liabilityReserve.label}: required`);
    // Rules without a Japanese label get none.
    expect(term('component:coldCustody')).not.toHaveProperty('labelJa');
  });

  it('is absent from the evaluation of a policy without Japanese labels (bytes unchanged)', () => {
    const plain = evaluate(withoutJa());
    expect(JSON.stringify(plain)).not.toContain('labelJa');
    // Adding labelJa changes nothing but the labelJa members.
    const ja = evaluate(withJa()) as unknown as Json;
    const strip = (x: Json): Json =>
      JSON.parse(JSON.stringify(x, (k, v) => (k === 'labelJa' ? undefined : v)));
    const a = strip(ja);
    const b = strip(plain as unknown as Json);
    delete a.sha256;
    delete b.sha256;
    expect(a).toEqual(b);
  });
});

describe('every shipped policy file speaks Japanese', () => {
  const dir = new URL('../policies/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  /** Every object with a `label`, with its JSON pointer. */
  function labelled(v: unknown, ptr: string, out: [string, Json][]): [string, Json][] {
    if (v !== null && typeof v === 'object') {
      if (!Array.isArray(v) && 'label' in v) out.push([ptr, v as Json]);
      for (const [k, x] of Object.entries(v)) labelled(x, `${ptr}/${k}`, out);
    }
    return out;
  }

  it('finds the seven shipped files', () => {
    expect(files.sort()).toEqual([
      'BH-CBB-CRA.json',
      'Dubai-VARA.json',
      'EU-MiCA.json',
      'HK-SFC-VATP.json',
      'JP-FSA-2026.json',
      'JP-PSA.json',
      'SG-MAS-DPT.json',
    ]);
  });

  it.each(files)('%s: every label has a Japanese labelJa, and the file is valid', (f) => {
    const text = readFileSync(new URL(f, dir), 'utf8');
    const json = JSON.parse(text);
    const missing = labelled(json, '', [])
      .filter(
        ([, o]) => typeof o.labelJa !== 'string' || !/[\u3040-\u30ff\u4e00-\u9fff]/.test(o.labelJa)
      )
      .map(([p]) => p);
    expect(missing).toEqual([]);
    // labelJa stands only next to a label
    expect(text.split('"labelJa"').length).toBe(text.split('"label"').length);
    expect(validPolicy(json)).toBe(true);
    expect(() => parsePolicy(text, f)).not.toThrow();
  });
});
