/**
 * The status panel (waiting, checking, verified, not verified, could not check) and the list of
 * checks. Plain words first: each failure is explained by its customer sentence
 * (`sentences.ts`); the stable code, the tree level and the package's message are under
 * “details”. Loading problems are never shown as failed checks.
 * @module
 */
import { type Child, h } from '../dom.ts';
import { lang, type MsgKey, t } from '../i18n.ts';
import type { Check, Report } from '../model.ts';
import { sentence } from '../sentences.ts';
import { type Slot, type SlotProblem, type Status, slotFor } from '../status.ts';

const ICON: Record<Check['state'], string> = { pass: '✓', fail: '✗', skip: '–', na: '○' };

/** The customer sentence for a failed check (falls back to the check's name). */
export function failureSentence(c: Check): string {
  return (c.code && sentence(c.code, lang())) || t(`check.${c.id}` as MsgKey);
}

/** A file name or URL: a name, never translated. */
const nameEl = (n: string): HTMLElement => h('span', { translate: 'no', class: 'file-name' }, n);

/** `t(key)` with `{name}` rendered as a name element (file names are not words to translate). */
function withName(key: MsgKey, name: string, params: Record<string, string> = {}): Child[] {
  const parts = t(key, { ...params, name: '\u0000', url: '\u0000' }).split('\u0000');
  return parts.flatMap((x, i) => (i === 0 ? [x] : [nameEl(name), x]));
}

/** Sentences joined as the language writes them (no space between Japanese sentences). */
function sentences(...xs: Child[][]): Child[] {
  const sep = lang() === 'ja' ? '' : ' ';
  return xs.flatMap((x, i) => (i === 0 ? x : [sep, ...x]));
}

/** What is wrong with a slot's file, in plain words, with what to do. */
export function problemText(slot: Slot, p: SlotProblem | Check): Child[] {
  if ('id' in p) return [failureSentence(p)];
  const put = [t(`problem.put.${slot}` as MsgKey)];
  const colon = lang() === 'ja' ? '：' : ': ';
  switch (p.code) {
    case 'FETCH_FAILED':
      return sentences(withName('problem.fetch', p.name, { detail: p.detail }), [
        t('problem.fetch.todo'),
      ]);
    case 'NOT_SAME_ORIGIN':
      return withName('problem.origin', p.name);
    case 'WRONG_KIND': {
      const home = slotFor(p.kind);
      return sentences(
        [nameEl(p.name), colon, t('problem.is', { kind: t(`kind.${p.kind}` as MsgKey) })],
        home ? [t('problem.moveTo', { slot: t(`input.${home}` as MsgKey) })] : [],
        put
      );
    }
    default:
      return sentences(
        [nameEl(p.name), colon, t('problem.is', { kind: t(`kind.${p.kind}` as MsgKey) })],
        put
      );
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
      return panel('waiting', '→', t('status.waiting'), t(`status.next.${st.next}` as MsgKey));
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
