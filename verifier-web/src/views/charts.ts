/**
 * The attestation as pictures, drawn as inline SVG (no chart library): per-asset coverage bars
 * (liabilities with the required reserve stacked on top, against reserves split by custody), the
 * cold/hot split, the policy breakdown with provenance tags, and the coverage-ratio history.
 *
 * Geometry may use floats (pixels); every number printed is formatted from exact bigints or
 * decimal strings. Each picture has a title, a description and the exact figures as text, and
 * interactive marks are focusable with an accessible name.
 * @module
 */
import { dec, formatFixed, mul, parseDecimal } from '@kura/codec';
import { type Child, h, s, uid } from '../dom.ts';
import { formatAmount, fraction, localizeDecimal, percent } from '../format.ts';
import { lang, type MsgKey, t } from '../i18n.ts';
import type { AssetCoverageView, HistoryPoint, PolicyView } from '../model.ts';

/** An accessible SVG: role img, labelled by its <title>, described by its <desc>. */
function figureSvg(
  viewBox: string,
  title: string,
  desc: string,
  cls: string,
  children: Child[]
): SVGSVGElement {
  const tid = uid('svg-title');
  const did = uid('svg-desc');
  return s(
    'svg',
    {
      viewBox,
      class: cls,
      role: 'img',
      'aria-labelledby': tid,
      'aria-describedby': did,
      preserveAspectRatio: 'xMinYMin meet',
    },
    s('title', { id: tid }, title),
    s('desc', { id: did }, desc),
    children
  );
}

function legend(items: readonly [cls: string, label: string][]): HTMLElement {
  return h(
    'ul',
    { class: 'legend' },
    items.map(([cls, label]) =>
      h('li', null, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), label)
    )
  );
}

const BAR_X = 110;
const BAR_W = 470;

/** A stacked horizontal bar: segments of (value, class), scaled to `max`. */
function stackedBar(
  y: number,
  height: number,
  segments: readonly [bigint, string][],
  max: bigint
): SVGElement[] {
  let x = BAR_X;
  const out: SVGElement[] = [s('rect', { x: BAR_X, y, width: BAR_W, height, class: 'track' })];
  for (const [v, cls] of segments) {
    const w = fraction(v, max) * BAR_W;
    if (w > 0) out.push(s('rect', { x: x.toFixed(2), y, width: w.toFixed(2), height, class: cls }));
    x += w;
  }
  return out;
}

/** Per asset: "owed + required" against "held" (cold + hot + own), with the exact figures. */
export function coverageChart(rows: readonly AssetCoverageView[]): HTMLElement {
  const l = lang();
  const figs = rows.map((r) => {
    const need = r.liabilities + r.required;
    const held = r.cold + r.hot + r.own;
    // bigints: Math.max does not accept them.
    let max = held;
    if (need > held) max = need;
    const amt = (v: bigint): string => `${formatAmount(v, r.decimals, l)} ${r.symbol}`;
    const ratio = percent(held, need);
    const status = r.pass ? t('chart.covered') : t('chart.short');
    const desc = `${t('chart.need')}: ${amt(need)} (${t('chart.liabilities')} ${amt(r.liabilities)} + ${t('chart.required')} ${amt(r.required)}). ${t('chart.held')}: ${amt(held)}. ${ratio === null ? '' : `${localizeDecimal(ratio, l)} %, `}${status}.`;
    const svg = figureSvg('0 0 600 76', `${r.symbol}: ${status}`, desc, 'chart chart-bars', [
      s('text', { x: 0, y: 22, class: 'bar-label' }, t('chart.need')),
      ...stackedBar(
        8,
        22,
        [
          [r.liabilities, 'seg-liab'],
          [r.required, 'seg-req'],
        ],
        max
      ),
      s('text', { x: 0, y: 60, class: 'bar-label' }, t('chart.held')),
      ...stackedBar(
        46,
        22,
        [
          [r.cold, 'seg-cold'],
          [r.hot, 'seg-hot'],
          [r.own, 'seg-own'],
        ],
        max
      ),
      // The requirement line: where "held" must reach.
      s('line', {
        x1: (BAR_X + fraction(need, max) * BAR_W).toFixed(2),
        x2: (BAR_X + fraction(need, max) * BAR_W).toFixed(2),
        y1: 2,
        y2: 74,
        class: 'req-line',
      }),
    ]);
    return h(
      'figure',
      { class: `asset-cov ${r.pass ? 'cov-pass' : 'cov-fail'}`, 'data-asset': r.symbol },
      h(
        'figcaption',
        null,
        h('strong', null, r.symbol),
        ' ',
        h('span', { class: `badge ${r.pass ? 'badge-pass' : 'badge-fail'}` }, status),
        ratio === null ? null : ` ${localizeDecimal(ratio, l)} %`
      ),
      svg,
      h(
        'table',
        { class: 'figures' },
        h(
          'tbody',
          null,
          (
            [
              ['chart.liabilities', r.liabilities],
              ['chart.required', r.required],
              ['chart.cold', r.cold],
              ['chart.hot', r.hot],
              ['chart.own', r.own],
            ] as [MsgKey, bigint][]
          ).map(([k, v]) =>
            h('tr', null, h('th', { scope: 'row' }, t(k)), h('td', { class: 'num' }, amt(v)))
          )
        )
      )
    );
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'h-cov' },
    h('h3', { id: 'h-cov' }, t('chart.coverage')),
    h('p', { class: 'muted' }, t('chart.coverage.desc')),
    legend([
      ['seg-liab', t('chart.liabilities')],
      ['seg-req', t('chart.required')],
      ['seg-cold', t('chart.cold')],
      ['seg-hot', t('chart.hot')],
      ['seg-own', t('chart.own')],
    ]),
    figs
  );
}

/** Per asset, a 100 % bar of the reserves by custody class. */
export function splitChart(rows: readonly AssetCoverageView[]): HTMLElement {
  const l = lang();
  const rowH = 34;
  const parts: Child[] = [];
  const lines: string[] = [];
  rows.forEach((r, i) => {
    const total = r.cold + r.hot + r.own;
    const y = i * rowH + 4;
    parts.push(s('text', { x: 0, y: y + 17, class: 'bar-label' }, r.symbol));
    parts.push(
      ...stackedBar(
        y,
        24,
        [
          [r.cold, 'seg-cold'],
          [r.hot, 'seg-hot'],
          [r.own, 'seg-own'],
        ],
        total
      )
    );
    const pc = (v: bigint): string => localizeDecimal(percent(v, total, 1) ?? '0', l);
    lines.push(
      `${r.symbol}: ${t('chart.cold')} ${pc(r.cold)} %, ${t('chart.hot')} ${pc(r.hot)} %, ${t('chart.own')} ${pc(r.own)} %`
    );
    if (total > 0n && r.cold > 0n) {
      const w = fraction(r.cold, total) * BAR_W;
      if (w > 48)
        parts.push(s('text', { x: BAR_X + 6, y: y + 17, class: 'seg-text' }, `${pc(r.cold)} %`));
    }
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'h-split' },
    h('h3', { id: 'h-split' }, t('chart.split')),
    h('p', { class: 'muted' }, t('chart.split.desc')),
    legend([
      ['seg-cold', t('chart.cold')],
      ['seg-hot', t('chart.hot')],
      ['seg-own', t('chart.own')],
    ]),
    figureSvg(
      `0 0 600 ${rows.length * rowH + 8}`,
      t('chart.split'),
      lines.join('; '),
      'chart',
      parts
    ),
    h(
      'ul',
      { class: 'split-lines' },
      lines.map((x) => h('li', null, x))
    )
  );
}

/** Decimal string → localized, for values in the reporting currency or ratios. */
function dispDecimal(v: string, unit: string): string {
  const l = lang();
  if (unit === 'ratio') {
    try {
      return `${localizeDecimal(formatFixed(mul(parseDecimal(v), dec(100)), 2, 'floor'), l)} %`;
    } catch {
      return v;
    }
  }
  return `${localizeDecimal(v, l)} ${unit}`;
}

const PROV_KINDS = new Set(['law', 'proposal', 'reported', 'assumption']);

function provenanceTag(kind: string): HTMLElement {
  const known = PROV_KINDS.has(kind);
  return h(
    'span',
    { class: `tag tag-${known ? kind : 'other'}`, 'data-provenance': kind },
    known ? t(`prov.${kind}` as MsgKey) : kind
  );
}

/** The policy's terms (with provenance tags and bars for currency values) and its checks. */
export function policyChart(p: PolicyView): HTMLElement {
  const cur = p.terms.filter((x) => x.unit === p.reportingCurrency);
  let max = 0n;
  const asBig = (v: string): bigint | null => {
    try {
      const d = parseDecimal(v);
      return d.n < 0n ? null : d.n / 10n ** BigInt(d.scale);
    } catch {
      return null;
    }
  };
  for (const x of cur) {
    const b = asBig(x.value);
    if (b !== null && b > max) max = b;
  }
  const bar = (v: string): Child => {
    const b = asBig(v);
    if (b === null || max === 0n) return null;
    const w = Math.max(1, fraction(b, max) * 120);
    return s(
      'svg',
      { viewBox: '0 0 120 10', class: 'term-bar', 'aria-hidden': 'true' },
      s('rect', { x: 0, y: 0, width: 120, height: 10, class: 'track' }),
      s('rect', { x: 0, y: 0, width: w.toFixed(2), height: 10, class: 'seg-req' })
    );
  };
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'h-policy' },
    h('h3', { id: 'h-policy' }, t('chart.policy')),
    h(
      'p',
      null,
      h('strong', null, `${p.id} ${p.version}`),
      ' ',
      h(
        'span',
        { class: `badge ${p.pass ? 'badge-pass' : 'badge-fail'}` },
        t(p.pass ? 'pass' : 'fail')
      ),
      ' · SHA-256 ',
      h('code', { class: 'hash-inline', title: p.sha256 }, `${p.sha256.slice(0, 16)}…`)
    ),
    h(
      'table',
      { class: 'policy-terms' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, t('chart.policy.term')),
          h('th', { scope: 'col' }, t('chart.policy.formula')),
          h('th', { scope: 'col' }, t('chart.policy.value')),
          h('th', { scope: 'col' }, t('chart.policy.source'))
        )
      ),
      h(
        'tbody',
        null,
        p.terms.map((x) =>
          h(
            'tr',
            { 'data-term': x.id },
            h('th', { scope: 'row' }, x.label),
            h('td', null, h('code', null, x.formula)),
            h('td', { class: 'num' }, dispDecimal(x.value, x.unit), ' ', bar(x.value)),
            h(
              'td',
              null,
              provenanceTag(x.provenance.kind),
              ' ',
              h('span', { class: 'src' }, x.provenance.source)
            )
          )
        )
      ),
      h(
        'tfoot',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'row', colspan: 2 }, t('chart.policy.total')),
          h('td', { class: 'num', colspan: 2 }, dispDecimal(p.requiredReserve, p.reportingCurrency))
        )
      )
    ),
    p.checks.length
      ? h(
          'table',
          { class: 'policy-checks' },
          h('caption', null, t('chart.policy.checks')),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, t('chart.policy.term')),
              h('th', { scope: 'col' }, t('chart.policy.required')),
              h('th', { scope: 'col' }, t('chart.policy.actual')),
              h('th', { scope: 'col' }, '')
            )
          ),
          h(
            'tbody',
            null,
            p.checks.map((c) =>
              h(
                'tr',
                { 'data-policy-check': c.id },
                h('th', { scope: 'row' }, c.label),
                h('td', { class: 'num' }, localizeDecimal(c.required, lang())),
                h('td', { class: 'num' }, localizeDecimal(c.actual, lang())),
                h(
                  'td',
                  null,
                  h(
                    'span',
                    { class: `badge ${c.pass ? 'badge-pass' : 'badge-fail'}` },
                    t(c.pass ? 'pass' : 'fail')
                  )
                )
              )
            )
          )
        )
      : null
  );
}

/** Line chart of the overall coverage ratio per month, with the 100 % line. */
export function historyChart(points: readonly HistoryPoint[]): HTMLElement {
  const l = lang();
  const head = [
    h('h3', { id: 'h-hist' }, t('chart.history')),
    h('p', { class: 'muted' }, t('chart.history.desc')),
  ];
  const sorted = [...points].sort((a, b) =>
    a.period < b.period ? -1 : a.period > b.period ? 1 : 0
  );
  if (sorted.length < 2)
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'h-hist' },
      head,
      h('p', null, t('chart.history.one'))
    );
  const pct = (r: string): string => {
    try {
      return localizeDecimal(formatFixed(mul(parseDecimal(r), dec(100)), 2, 'floor'), l);
    } catch {
      return r;
    }
  };
  // Plot range: 0 … max(1.25, highest ratio) — floats are used for pixel positions only.
  const values = sorted.map((p) => Number.parseFloat(p.ratio));
  const hi = Math.max(1.25, ...values.filter((v) => Number.isFinite(v))) * 1.05;
  const W = 600;
  const H = 240;
  const L = 52;
  const R = 16;
  const T = 16;
  const B = 36;
  const x = (i: number): number => L + (i * (W - L - R)) / (sorted.length - 1);
  const y = (v: number): number => T + (1 - Math.min(Math.max(v, 0), hi) / hi) * (H - T - B);
  const grid: Child[] = [];
  for (const g of [0, 0.5, 1, 1.5, 2, 3, 4, 5]) {
    if (g > hi) break;
    grid.push(
      s('line', {
        x1: L,
        x2: W - R,
        y1: y(g).toFixed(1),
        y2: y(g).toFixed(1),
        class: g === 1 ? 'ref-line' : 'grid',
      }),
      s(
        'text',
        { x: L - 6, y: (y(g) + 4).toFixed(1), class: 'axis-label', 'text-anchor': 'end' },
        `${g * 100} %`
      )
    );
  }
  const path = sorted
    .map((_, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(values[i] ?? 0).toFixed(1)}`)
    .join(' ');
  const marks = sorted.map((p, i) => {
    const label = t('chart.history.point', { period: p.period, ratio: pct(p.ratio) });
    const cx = x(i).toFixed(1);
    const cy = y(values[i] ?? 0).toFixed(1);
    return s(
      'g',
      {
        class: `point ${p.pass ? 'point-pass' : 'point-fail'}`,
        tabindex: 0,
        role: 'img',
        'aria-label': `${label}, ${t(p.pass ? 'pass' : 'fail')}`,
        'data-period': p.period,
      },
      s('title', null, label),
      s('circle', { cx, cy, r: 6 }),
      s(
        'text',
        { x: cx, y: (Number(cy) - 11).toFixed(1), class: 'point-label', 'text-anchor': 'middle' },
        `${pct(p.ratio)} %`
      ),
      s('text', { x: cx, y: H - 12, class: 'axis-label', 'text-anchor': 'middle' }, p.period)
    );
  });
  const desc = sorted
    .map((p) => t('chart.history.point', { period: p.period, ratio: pct(p.ratio) }))
    .join('; ');
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'h-hist' },
    head,
    figureSvg(`0 0 ${W} ${H}`, t('chart.history'), desc, 'chart chart-history', [
      ...grid,
      s('path', { d: path, class: 'history-line' }),
      ...marks,
    ]),
    h('p', { class: 'sr-only' }, desc)
  );
}
