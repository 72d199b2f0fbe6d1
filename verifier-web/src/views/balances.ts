/**
 * “Your balances” — shown first, because comparing them with one's own account is the one check
 * only the customer can do: each amount in its asset's units (every digit, locale grouping), the
 * snapshot date and time, and what to do if they differ. Until the proof verified against the
 * signed report, the amounts are marked as not confirmed, with the reason in plain words.
 * @module
 */
import { h } from '../dom.ts';
import { formatAmount } from '../format.ts';
import { lang, t } from '../i18n.ts';
import type { ProofView, Report } from '../model.ts';
import type { Status } from '../status.ts';
import { failureSentence } from './verdict.ts';

/** The snapshot time in the customer's own time zone, with the zone named. */
export function localTime(rfc3339: string): string {
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms)) return rfc3339;
  return new Intl.DateTimeFormat(lang(), {
    dateStyle: 'long',
    timeStyle: 'long',
  }).format(ms);
}

export function balancesCard(p: ProofView, st: Status, r: Report): HTMLElement {
  const firstFail = r.checks.find((c) => c.state === 'fail');
  const note =
    st.kind === 'pass'
      ? h('p', { class: 'bal-state bal-ok', 'data-balances': 'confirmed' }, t('bal.confirmed'))
      : st.kind === 'fail' && firstFail
        ? h(
            'p',
            { class: 'bal-state bal-bad', 'data-balances': 'unconfirmed' },
            t('bal.unconfirmed', { why: failureSentence(firstFail) })
          )
        : h('p', { class: 'bal-state', 'data-balances': 'pending' }, t('bal.pending'));
  return h(
    'section',
    { class: 'card balances', 'aria-labelledby': 'h-balances' },
    h('h2', { id: 'h-balances' }, t('bal.title')),
    h('p', { class: 'bal-asof' }, t('bal.asOf', { time: localTime(p.snapshotTime) })),
    note,
    h(
      'table',
      { class: 'bal-table' },
      h(
        'tbody',
        null,
        p.balances.map((b, i) => {
          const a = p.assets[i];
          return h(
            'tr',
            { 'data-asset': a?.symbol ?? null },
            h('th', { scope: 'row', translate: 'no' }, a?.symbol ?? `#${i}`),
            h(
              'td',
              { class: 'num bal-amount' },
              a ? formatAmount(b, a.decimals, lang()) : String(b)
            )
          );
        })
      )
    ),
    h(
      'p',
      { class: 'bal-uid' },
      `${t('bal.uid')}: `,
      h('span', { translate: 'no', class: 'uid' }, p.uid)
    ),
    h('p', { class: 'bal-compare' }, t('bal.compare')),
    h('p', { class: 'muted' }, t('bal.differ'))
  );
}
