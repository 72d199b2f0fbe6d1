/**
 * The keys the signatures were checked against, with fingerprints grouped for comparing them
 * with the ones the exchange and the auditor publish elsewhere. A table that scrolls inside its
 * own box on a phone, never the page.
 * @module
 */
import { h } from '../dom.ts';
import { groupHex } from '../format.ts';
import { t } from '../i18n.ts';
import type { Report } from '../model.ts';

/** A horizontally scrollable, keyboard-focusable box for a table that may be wider than a phone. */
export function scrollBox(label: string, table: HTMLElement): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: 0 },
    table
  );
}

export function keysCard(r: Report): HTMLElement | null {
  if (!r.keys.length) return null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'h-keys' },
    h('h2', { id: 'h-keys' }, t('keys')),
    h('p', { class: 'muted' }, t('keys.hint')),
    h(
      'ul',
      { class: 'keys' },
      r.keys.map((k) =>
        h(
          'li',
          { 'data-role': k.role, 'data-fingerprint': k.fingerprint },
          h(
            'p',
            { class: 'key-head' },
            h(
              'strong',
              null,
              k.role === 'exchange' || k.role === 'auditor' ? t(`keys.role.${k.role}`) : k.role
            ),
            ' ',
            h('span', { class: 'key-alg', translate: 'no' }, k.alg),
            ' · ',
            h(
              'span',
              { class: k.pinned ? 'key-ok' : 'key-bad', 'data-pinned': String(k.pinned) },
              t(k.pinned ? (k.signed ? 'keys.pinnedSigned' : 'keys.pinnedOnly') : 'keys.unpinned')
            )
          ),
          h('code', { class: 'fingerprint', title: k.publicKey }, groupHex(k.fingerprint))
        )
      )
    )
  );
}
