/**
 * Every shipped policy, evaluated by @kura/policy for every licence class it defines, names each
 * of its terms and checks in Japanese on the page: through the policy file's own `labelJa`, or a
 * label the page makes from the id (`src/policy-ja.ts`) — never the neutral 「項目：<id>」 fallback.
 * The labels are computed by `jaTermLabel`, the function the page's policy breakdown calls.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { evaluatePolicy } from '@kura/policy';
import { describe, expect, test } from 'vitest';
import { caseFiles, JP_ASSETS } from '../../packages/policy/test/fixtures.ts';
import { FALLBACK, jaPolicyLabel, jaTermLabel } from '../src/policy-ja.ts';
import { policyInputsFor, policyShape } from './fixtures.ts';

const DIR = new URL('../../packages/policy/policies/', import.meta.url);
const IDS = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('Japanese labels of every shipped policy on the page', () => {
  test('finds the seven shipped policies', () => {
    expect(IDS).toEqual([
      'BH-CBB-CRA',
      'Dubai-VARA',
      'EU-MiCA',
      'HK-SFC-VATP',
      'JP-FSA-2026',
      'JP-PSA',
      'SG-MAS-DPT',
    ]);
  });

  type Case = [id: string, licenceClass: string | undefined];
  const cases: Case[] = IDS.flatMap((id): Case[] => {
    const { classes } = policyShape(id);
    return classes.length === 0 ? [[id, undefined]] : classes.map((c): Case => [id, c]);
  });

  test.each(cases)('%s (licence class %s): no 「項目：」, every label in Japanese', (id, cls) => {
    const ev = evaluatePolicy({
      policy: readFileSync(new URL(`${id}.json`, DIR)),
      ...caseFiles(JP_ASSETS, policyInputsFor(id, cls)),
    });
    const items = [...ev.terms, ...ev.checks];
    expect(items.length).toBeGreaterThan(3);
    const shown = items.map((x) => {
      const ja = jaTermLabel(x.id, (x as { labelJa?: string }).labelJa);
      return { id: x.id, text: ja.text };
    });
    expect(shown.filter((x) => x.text === FALLBACK || !JAPANESE.test(x.text))).toEqual([]);
    // every label the policy file gives in Japanese reaches the page as written
    for (const x of items) {
      const labelJa = (x as { labelJa?: string }).labelJa;
      if (labelJa) expect(jaTermLabel(x.id, labelJa).text).toBe(labelJa);
    }
    // a class label of the policy file is shown in Japanese for its capital terms
    if (cls !== undefined && ev.terms.some((t) => t.id === `capital:${cls}:fixedMinimum`)) {
      const t = ev.terms.find((x) => x.id === `capital:${cls}:fixedMinimum`)!;
      expect((t as { labelJa?: string }).labelJa).toMatch(JAPANESE);
    }
  });

  test('an id the page does not know still gets the neutral label, never a guess', () => {
    expect(jaPolicyLabel('somethingNew:X')).toEqual({ text: FALLBACK, name: 'somethingNew:X' });
    expect(jaPolicyLabel('coldStorage:BTC')).toEqual({
      text: 'コールドウォレットでの保管割合（銘柄ごと）：',
      name: 'BTC',
    });
    expect(jaPolicyLabel('capital:insurance:cover-cap').name).toBe('cover-cap');
    expect(jaPolicyLabel('capital:3:overheadShare').name).toBe('3');
  });
});
