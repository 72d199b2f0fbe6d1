/**
 * The verdict banner and the list of checks, each marked passed / failed / not reached / not
 * checked. A failure names the check, the stable code, its localized meaning and the tree level.
 * @module
 */
import { h } from '../dom.ts';
import { codeExplanation, type MsgKey, t } from '../i18n.ts';
import type { Check, Report } from '../model.ts';

const ICON: Record<Check['state'], string> = { pass: '✓', fail: '✗', skip: '–', na: '○' };

/** The banner: verdict first, the first failing check named. */
export function verdictBanner(report: Report | null): HTMLElement {
  if (!report)
    return h(
      'div',
      { class: 'verdict verdict-waiting', 'data-verdict': 'waiting' },
      h('p', { class: 'verdict-text' }, t('verdict.waiting'))
    );
  const firstFail = report.checks.find((c) => c.state === 'fail');
  const text = report.ok
    ? t('verdict.pass')
    : t('verdict.fail', { check: firstFail ? checkName(firstFail) : t('state.fail') });
  return h(
    'div',
    {
      class: `verdict ${report.ok ? 'verdict-pass' : 'verdict-fail'}`,
      'data-verdict': report.ok ? 'pass' : 'fail',
    },
    h('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, report.ok ? '✓' : '✗'),
    h(
      'div',
      null,
      h('p', { class: 'verdict-text' }, text),
      h('p', { class: 'verdict-time' }, t('verdict.time', { ms: report.ms.toFixed(1) }))
    )
  );
}

function checkName(c: Check): string {
  return t(`check.${c.id}` as MsgKey);
}

/** The list of checks in display order. */
export function checkList(report: Report): HTMLElement {
  return h(
    'ol',
    { class: 'checks', 'aria-label': t('checks') },
    report.checks.map((c) => checkItem(c))
  );
}

function checkItem(c: Check): HTMLElement {
  const explanation = c.code ? codeExplanation(c.code) : undefined;
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
        h('span', { class: 'check-name' }, checkName(c)),
        ' — ',
        h('span', { class: 'check-state' }, t(`state.${c.state}`))
      ),
      c.code
        ? h(
            'p',
            { class: 'check-detail' },
            `${t('detail.code')} `,
            h('code', { class: 'check-code' }, c.code),
            c.level !== undefined
              ? [', ', h('span', { class: 'check-level' }, t('detail.level', { level: c.level }))]
              : null,
            explanation ? `: ${explanation}` : null
          )
        : null,
      c.message && c.state === 'fail' ? h('p', { class: 'check-message' }, c.message) : null,
      c.note ? h('p', { class: 'check-note' }, t(c.note.key, c.note.params)) : null
    )
  );
}
