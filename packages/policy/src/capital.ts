/**
 * Capital floors: a fixed minimum per licence class, combined (max or sum) with a fraction of the
 * preceding year's fixed overheads (MiCA Art. 67(1) with Annex IV; VARA Company Rulebook Part VI,
 * where the requirements of several licensed activities add up). Own funds, plus insurance where
 * the policy allows it (MiCA Art. 67(4)), must cover the requirement.
 *
 * Rounding: the overhead share is `ceil(fraction × overheads)` (a requirement, R8).
 * @module
 */
import { type Decimal, max, mul } from '@kura/codec';
import { type Book, fromData, fromParams, label, type Ref, s, sum } from './book.js';
import type { LoadedInputs } from './inputs-file.js';
import { insuranceOffset } from './reserve.js';
import type { CapitalRules, Policy } from './types.js';

/** Compute the capital requirement and its check; returns pass. */
export function capitalCheck(
  book: Book,
  policy: Policy,
  cap: CapitalRules,
  loaded: LoadedInputs,
  snapshotDate: string
): boolean {
  const inputs = loaded.inputs;
  const names = Object.keys(cap.classes);
  if (inputs.licenceClasses.length === 0)
    loaded.fail(
      '$',
      `missing "licenceClasses": ${policy.id} sets capital by licence class (${names.map((n) => `"${n}"`).join(', ')})`
    );
  if (cap.acrossClasses.value === 'single' && inputs.licenceClasses.length > 1)
    loaded.fail(
      '$.licenceClasses',
      `${policy.id} takes exactly one licence class (the highest held)`
    );
  const combineRef: Ref = { pointer: '/capital/combine', param: cap.combine };
  const acrossRef: Ref = { pointer: '/capital/acrossClasses', param: cap.acrossClasses };
  const parts: Decimal[] = [];
  const allRefs: Ref[] = [combineRef, acrossRef];
  inputs.licenceClasses.forEach((name, i) => {
    const c = cap.classes[name];
    if (!c)
      loaded.fail(
        `$.licenceClasses[${i}]`,
        `unknown licence class "${name}" for ${policy.id}; expected one of ${names.map((n) => `"${n}"`).join(', ')}`
      );
    const ptr = `/capital/classes/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const fixedRef: Ref = { pointer: `${ptr}/fixedMinimum`, param: c.fixedMinimum };
    book.money(
      `capital:${name}:fixedMinimum`,
      label(
        c,
        (l) => `${l}: fixed minimum`,
        (l) => `${l}：最低額`
      ),
      'fixed amount',
      c.fixedMinimum.value,
      fromParams([fixedRef])
    );
    let req = c.fixedMinimum.value;
    const refs: Ref[] = [fixedRef];
    if (c.overheadFraction) {
      const oh = inputs.fixedOverheads;
      if (!oh)
        loaded.fail(
          '$',
          `missing "fixedOverheads": ${policy.id} class "${name}" needs ${s(c.overheadFraction.value)} of them`
        );
      const fracRef: Ref = { pointer: `${ptr}/overheadFraction`, param: c.overheadFraction };
      const share = book.up(mul(c.overheadFraction.value, oh.amount));
      const frac = s(c.overheadFraction.value);
      book.money(
        `capital:${name}:overheadShare`,
        label(
          c,
          (l) => `${l}: ${frac} of fixed overheads (${oh.period})`,
          (l) => `${l}：固定費（${oh.period}）の ${frac}`
        ),
        `ceil(${s(c.overheadFraction.value)} × ${s(oh.amount)})`,
        share,
        fromParams([fracRef])
      );
      req = cap.combine.value === 'max' ? max(req, share) : sum([req, share]);
      refs.push(fracRef, combineRef);
      book.money(
        `capital:${name}`,
        label(
          c,
          (l) => `${l}: requirement`,
          (l) => `${l}：資本要件`
        ),
        `${cap.combine.value}(${book.fmt(c.fixedMinimum.value)}, ${book.fmt(share)})`,
        req,
        fromParams(refs)
      );
    }
    parts.push(req);
    allRefs.push(...refs);
  });
  const required = sum(parts);
  book.money(
    'capitalRequirement',
    'Capital requirement',
    parts.length > 1
      ? `Σ over licensed classes = ${parts.map((p) => book.fmt(p)).join(' + ')}`
      : 'the class requirement',
    required,
    fromParams(allRefs)
  );
  if (!inputs.ownFunds)
    loaded.fail('$', `missing "ownFunds": ${policy.id} checks capital against own funds`);
  const own = inputs.ownFunds.amount;
  book.money(
    'ownFunds',
    'Own funds (declared)',
    'declared by the exchange',
    own,
    fromData('inputs', 'inputs ownFunds')
  );
  const ins = insuranceOffset(
    book,
    policy,
    cap.insurance,
    '/capital/insurance',
    'capital',
    loaded,
    required,
    snapshotDate
  );
  return book.moneyCheck(
    'capital',
    'Own funds + eligible insurance ≥ capital requirement',
    required,
    sum([own, ins])
  );
}
