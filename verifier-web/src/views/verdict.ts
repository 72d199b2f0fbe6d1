/**
 * The status panel (waiting, checking, verified, not verified, could not check) and the list of
 * checks. Plain words first: each failure is explained by its customer sentence
 * (`sentences.ts`); the stable code, the tree level and the package's message are under
 * “details”. Loading problems are never shown as failed checks.
 * @module
 */
import { h } from '../dom.ts';
import { lang, type MsgKey, t } from '../i18n.ts';
import type { Check, Report } from '../model.ts';
import { sentence } from '../sentences.ts';
import { type Slot, type SlotProblem, type Status, slotFor } from '../status.ts';

const ICON: Record<Check['state'], string> = { pass: '✓', fail: '✗', skip: '–', na: '○' };

/** The customer sentence for a failed check (falls back to the check's name). */
export function failureSentence(c: Check): string {
  return (c.code && sentence(c.code, lang())) || t(`check.${c.id}` as MsgKey);
}

/** What is wrong with a slot's file, in plain words, with what to do. */
export function problemText(slot: Slot, p: SlotProblem | Check): string {
  if ('id' in p) return failureSentence(p);
  const put = t(`problem.put.${slot}` as MsgKey);
  switch (p.code) {
    case 'FETCH_FAILED':
      return `${t('problem.fetch', { name: p.name, detail: p.detail })} ${t('problem.fetch.todo')}`;
    case 'NOT_SAME_ORIGIN':
      return t('problem.origin', { url: p.name });
    case 'WRONG_KIND': {
      const home = slotFor(p.kind);
      const move = home ? ` ${t('problem.moveTo', { slot: t(`input.${home}` as MsgKey) })}` : '';
      return `${p.name}: ${t('problem.is', { kind: t(`kind.${p.kind}` as MsgKey) })}${move} ${put}`;
    }
    default:
      return `${p.name}: ${t('problem.is', { kind: t(`kind.${p.kind}` as MsgKey) })} ${put}`;
  }
}

function panel(
  kind: string,
  icon: string | null,
  title: string,
  ...lines: (Node | string | null)[]
) {
  return h(
    'div',
    { class: `status status-${kind}`, 'data-status': kind, 'data-verdict': kind },
    icon ? h('span', { class: 'status-icon', 'aria-hidden': 'true' }, icon) : null,
    h(
      'div',
      { class: 'status-body' },
      h('h2', { id: 'h-status', class: 'status-title' }, title),
      lines.filter((x) => x !== null).map((x) => (typeof x === 'string' ? h('p', null, x) : x))
    )
  );
}

/** The one panel that says where the customer stands. */
export function statusPanel(st: Status, report: Report | null): HTMLElement {
  const time = report ? t('status.time', { ms: report.ms.toFixed(1) }) : null;
  switch (st.kind) {
    case 'checking':
      return panel('checking', '…', t('status.checking'), st.loading ? t('status.loading') : null);
    case 'waiting':
      return panel('waiting', 'i', t('status.waiting'), t(`status.next.${st.next}` as MsgKey));
    case 'cannot':
      return panel(
        'cannot',
        '!',
        t('status.cannot'),
        h('p', { class: 'status-why' }, problemText(st.slot, st.problem)),
        t('status.cannot.todo')
      );
    case 'fail': {
      const c = st.check;
      return panel(
        'fail',
        '✗',
        t('status.fail'),
        h('p', { class: 'status-why', 'data-code': c.code ?? null }, failureSentence(c)),
        t('status.fail.todo'),
        time ? h('p', { class: 'status-time' }, time) : null
      );
    }
    case 'pass':
      return panel(
        'pass',
        '✓',
        t('status.pass'),
        h('p', { class: 'status-why' }, t('status.pass.text')),
        h('p', { class: 'status-todo' }, h('a', { href: '#h-balances' }, t('status.pass.todo'))),
        time ? h('p', { class: 'status-time' }, time) : null
      );
  }
}

/** The list of checks in display order. */
export function checkList(report: Report): HTMLElement {
  return h('ol', { class: 'checks', 'aria-label': t('checks') }, report.checks.map(checkItem));
}

function checkItem(c: Check): HTMLElement {
  const failed = c.state === 'fail';
  return h(
    'li',
    {
      class: `check check-${c.state}`,
      'data-check': c.id,
      'data-state': c.state,
      'data-code': c.code ?? null,
      'data-level': c.level ?? null,
    },
    h('span', { class: 'check-icon', 'aria-hidden': 'true' }, ICON[c.state]),
    h(
      'div',
      { class: 'check-body' },
      h(
        'p',
        { class: 'check-title' },
        h('span', { class: 'check-name' }, t(`check.${c.id}` as MsgKey)),
        ' — ',
        h('span', { class: 'check-state' }, t(`state.${c.state}`))
      ),
      failed ? h('p', { class: 'check-why' }, failureSentence(c)) : null,
      c.note ? h('p', { class: 'check-note' }, t(c.note.key, c.note.params)) : null,
      failed && c.code
        ? h(
            'details',
            { class: 'check-details' },
            h('summary', null, t('details')),
            h(
              'p',
              { class: 'check-detail' },
              `${t('detail.code')}: `,
              h('code', { class: 'check-code' }, c.code),
              c.level !== undefined
                ? [
                    ' · ',
                    h('span', { class: 'check-level' }, t('detail.level', { level: c.level })),
                  ]
                : null
            ),
            c.message
              ? h(
                  'p',
                  { class: 'check-message' },
                  `${t('detail.message')}: `,
                  h('span', { lang: 'en', translate: 'no' }, c.message)
                )
              : null
          )
        : null
    )
  );
}
