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
import type { AssetCoverageView, HistoryPoint, OverallCoverageView, PolicyView } from '../model.ts';
import { jaTermLabel } from '../policy-ja.ts';
import { scrollBox } from './keys.ts';

/**
 * A policy term's or check's label in the page's language. In Japanese: the policy author's
 * `labelJa` when the policy file gives one, else a label made from the id (`policy-ja.ts`), with
 * names kept as written.
 */
function policyLabel(id: string, label: string, labelJa?: string): Child {
  if (lang() !== 'ja') return label;
  const ja = jaTermLabel(id, labelJa);
  return [ja.text, ja.name ? h('span', { translate: 'no', class: 'name' }, ja.name) : null];
}

/** In Japanese, the attestation's original English label, marked as such. */
function originalLabel(label: string): Child {
  if (lang() !== 'ja') return null;
  return h(
    'p',
    { class: 'src' },
    `${t('chart.policy.original')}：`,
    h('span', { lang: 'en' }, label)
  );
}

/**
 * An accessible SVG: role img, labelled by its <title>, described by its <desc>. No viewBox: the
 * SVG is as wide as its box and `height` pixels high, horizontal geometry is in percent and text
 * in CSS pixels, so labels keep their size on a phone (never scaled below 11 px).
 */
function figureSvg(
  height: number,
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
      width: '100%',
      height,
      class: cls,
      role: 'img',
      'aria-labelledby': tid,
      'aria-describedby': did,
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

/** A percentage for an SVG coordinate. */
const pc = (x: number): string => `${(x * 100).toFixed(3)}%`;

/** A stacked horizontal bar across the full width: segments of (value, class), scaled to `max`. */
function stackedBar(
  y: number,
  height: number,
  segments: readonly [bigint, string][],
  max: bigint
): SVGElement[] {
  let x = 0;
  const out: SVGElement[] = [s('rect', { x: 0, y, width: '100%', height, class: 'track' })];
  for (const [v, cls] of segments) {
    const w = fraction(v, max);
    if (w > 0) out.push(s('rect', { x: pc(x), y, width: pc(w), height, class: cls }));
    x += w;
  }
  return out;
}

/** One "owed + required" against "held" figure: two stacked bars and the exact figures. */
interface NeedHeld {
  readonly key: string;
  readonly title: string;
  readonly note?: string;
  readonly cls?: string;
  /** Formats an amount of this figure exactly (unit included). */
  readonly amt: (v: bigint) => string;
  readonly need: readonly (readonly [label: string, value: bigint, cls: string])[];
  readonly held: readonly (readonly [label: string, value: bigint, cls: string])[];
  /** The attestation's stated ratio (exact decimal, 1 = 100 %). */
  readonly ratio: string | undefined;
  readonly pass: boolean;
}

function needHeldFigure(f: NeedHeld): HTMLElement {
  const l = lang();
  const sum = (xs: NeedHeld['need']): bigint => xs.reduce((a, [, v]) => a + v, 0n);
  const need = sum(f.need);
  const held = sum(f.held);
  // bigints: Math.max does not accept them.
  let max = held;
  if (need > held) max = need;
  const pct = f.ratio === undefined ? null : ratioPercent(f.ratio);
  const status = f.pass ? t('chart.covered') : t('chart.short');
  const parts = (xs: NeedHeld['need']): string =>
    xs.map(([k, v]) => `${k} ${f.amt(v)}`).join(' + ');
  const desc = `${t('chart.need')}: ${f.amt(need)} (${parts(f.need)}). ${t('chart.held')}: ${f.amt(held)} (${parts(f.held)}). ${pct === null ? '' : `${localizeDecimal(pct, l)} %, `}${status}.`;
  const x = pc(fraction(need, max));
  const segs = (xs: NeedHeld['need']): [bigint, string][] => xs.map(([, v, c]) => [v, c]);
  return h(
    'figure',
    { class: `asset-cov ${f.cls ?? ''} ${f.pass ? 'cov-pass' : 'cov-fail'}`, 'data-asset': f.key },
    h(
      'figcaption',
      null,
      h('strong', null, f.title),
      ' ',
      h('span', { class: `badge ${f.pass ? 'badge-pass' : 'badge-fail'}` }, status),
      pct === null ? null : ` ${localizeDecimal(pct, l)} %`
    ),
    f.note ? h('p', { class: 'muted' }, f.note) : null,
    figureSvg(92, `${f.title}: ${status}`, desc, 'chart chart-bars', [
      s('text', { x: 0, y: 13, class: 'bar-label' }, t('chart.need')),
      ...stackedBar(18, 22, segs(f.need), max),
      s('text', { x: 0, y: 57, class: 'bar-label' }, t('chart.held')),
      ...stackedBar(62, 22, segs(f.held), max),
      // The requirement line: where "held" must reach.
      s('line', { x1: x, x2: x, y1: 16, y2: 90, class: 'req-line' }),
    ]),
    h(
      'table',
      { class: 'figures' },
      h(
        'tbody',
        null,
        [...f.need, ...f.held].map(([k, v]) =>
          h('tr', null, h('th', { scope: 'row' }, k), h('td', { class: 'num' }, f.amt(v)))
        )
      )
    )
  );
}

/** The overall picture in the reporting currency: liabilities + required reserve vs reserves. */
function overallFigure(o: OverallCoverageView): HTMLElement {
  return needHeldFigure({
    key: '*',
    cls: 'overall',
    title: t('chart.overall', { ccy: o.currency }),
    note: t('chart.overall.desc'),
    amt: (v) => `${formatAmount(v, o.decimals, lang())} ${o.currency}`,
    need: [
      [t('chart.liabilities'), o.liabilities, 'seg-liab'],
      [t('chart.required'), o.required, 'seg-req'],
    ],
    held: o.perAsset.map((p, i) => [
      `${t('chart.reserves')} ${p.symbol}`,
      p.value,
      `seg-res seg-res-${i % 2}`,
    ]),
    ratio: o.ratio,
    pass: o.pass,
  });
}

/** Per asset: "owed (+ in-kind requirement)" against "held" (cold + hot + own). */
function assetFigure(r: AssetCoverageView): HTMLElement {
  return needHeldFigure({
    key: r.symbol,
    title: r.symbol,
    amt: (v) => `${formatAmount(v, r.decimals, lang())} ${r.symbol}`,
    need: [
      [t('chart.liabilities'), r.liabilities, 'seg-liab'],
      ...(r.required > 0n ? [[t('chart.inKind'), r.required, 'seg-req'] as const] : []),
    ],
    held: [
      [t('chart.cold'), r.cold, 'seg-cold'],
      [t('chart.hot'), r.hot, 'seg-hot'],
      [t('chart.own'), r.own, 'seg-own'],
    ],
    ratio: r.ratio,
    pass: r.pass,
  });
}

/** The coverage pictures: overall in the reporting currency, then each asset in kind. */
export function coverageChart(
  rows: readonly AssetCoverageView[],
  overall: OverallCoverageView | undefined
): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'h-cov' },
    h('h3', { id: 'h-cov' }, t('chart.coverage')),
    h('p', { class: 'muted' }, t('chart.coverage.desc')),
    legend([
      ['seg-liab', t('chart.liabilities')],
      ['seg-req', `${t('chart.required')} / ${t('chart.inKind')}`],
      ['seg-res-0', t('chart.reserves')],
      ['seg-cold', t('chart.cold')],
      ['seg-hot', t('chart.hot')],
      ['seg-own', t('chart.own')],
    ]),
    overall ? overallFigure(overall) : null,
    h('h4', null, t('chart.perAsset')),
    rows.map(assetFigure)
  );
}

/** Per asset, a 100 % bar of the reserves by custody class. */
export function splitChart(rows: readonly AssetCoverageView[]): HTMLElement {
  const l = lang();
  const rowH = 46;
  const parts: Child[] = [];
  const lines: string[] = [];
  rows.forEach((r, i) => {
    const total = r.cold + r.hot + r.own;
    const y = i * rowH;
    const share = (v: bigint): string => localizeDecimal(percent(v, total, 1) ?? '0', l);
    parts.push(
      s(
        'text',
        { x: 0, y: y + 13, class: 'bar-label' },
        `${r.symbol} · ${t('chart.cold')} ${share(r.cold)} %`
      )
    );
    parts.push(
      ...stackedBar(
        y + 18,
        22,
        [
          [r.cold, 'seg-cold'],
          [r.hot, 'seg-hot'],
          [r.own, 'seg-own'],
        ],
        total
      )
    );
    lines.push(
      `${r.symbol}: ${t('chart.cold')} ${share(r.cold)} %, ${t('chart.hot')} ${share(r.hot)} %, ${t('chart.own')} ${share(r.own)} %`
    );
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
    figureSvg(rows.length * rowH, t('chart.split'), lines.join('; '), 'chart', parts),
    h(
      'ul',
      { class: 'split-lines' },
      lines.map((x) => h('li', null, x))
    )
  );
}

/** A ratio as an exact decimal string (1 = 100 %) → percent with 2 decimals, rounded down. */
function ratioPercent(r: string): string | null {
  try {
    return formatFixed(mul(parseDecimal(r), dec(100)), 2, 'floor');
  } catch {
    return null;
  }
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
      h('strong', { translate: 'no' }, `${p.id} ${p.version}`),
      ' ',
      h(
        'span',
        { class: `badge ${p.pass ? 'badge-pass' : 'badge-fail'}` },
        t(p.pass ? 'pass' : 'fail')
      ),
      ' · SHA-256 ',
      h('code', { class: 'hash-inline', title: p.sha256 }, `${p.sha256.slice(0, 16)}…`)
    ),
    p.checks.length
      ? scrollBox(
          t('chart.policy.checks'),
          h(
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
                  h('th', { scope: 'row' }, policyLabel(c.id, c.label, c.labelJa)),
                  h(
                    'td',
                    { class: 'num', 'data-label': t('chart.policy.required') },
                    `${localizeDecimal(c.required, lang())} ${c.unit}`
                  ),
                  h(
                    'td',
                    { class: 'num', 'data-label': t('chart.policy.actual') },
                    `${localizeDecimal(c.actual, lang())} ${c.unit}`
                  ),
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
        )
      : null,
    provenanceSummary(p),
    h(
      'table',
      { class: 'policy-terms' },
      h('caption', null, t('chart.policy.terms')),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, t('chart.policy.term')),
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
            h(
              'th',
              { scope: 'row' },
              h(
                'details',
                null,
                h('summary', null, policyLabel(x.id, x.label, x.labelJa)),
                originalLabel(x.label),
                h('code', { class: 'formula', translate: 'no' }, x.formula),
                h('p', { class: 'src', lang: 'en' }, x.provenance.source)
              )
            ),
            h(
              'td',
              { class: 'num' },
              dispDecimal(x.value, x.unit),
              x.unit === p.reportingCurrency ? bar(x.value) : null
            ),
            h('td', null, provenanceTag(x.provenance.kind))
          )
        )
      ),
      h(
        'tfoot',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, t('chart.policy.total')),
          h('td', { class: 'num' }, dispDecimal(p.requiredReserve, p.reportingCurrency)),
          h('td', null)
        )
      )
    )
  );
}

/** How many terms rest on law, a proposal, reported figures or assumptions. */
function provenanceSummary(p: PolicyView): HTMLElement {
  const counts = new Map<string, number>();
  for (const x of p.terms) counts.set(x.provenance.kind, (counts.get(x.provenance.kind) ?? 0) + 1);
  return h(
    'p',
    { class: 'prov-summary' },
    `${t('chart.policy.provenance')}: `,
    [...counts].map(([kind, n]) =>
      h('span', { class: 'prov-count' }, provenanceTag(kind), ` × ${n}`)
    )
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
  // Plot range around 100 % (floats for pixel positions only; labels come from exact strings).
  const values = sorted.map((p) => Number.parseFloat(p.ratio));
  const finite = values.filter((v) => Number.isFinite(v));
  let lo = Math.floor((Math.min(1, ...finite) - 0.02) * 20) / 20;
  let hi = Math.ceil((Math.max(1, ...finite) + 0.02) * 20) / 20;
  if (hi - lo < 0.1) {
    lo -= 0.05;
    hi += 0.05;
  }
  lo = Math.max(0, lo);
  const step = [0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2, 5].find((x) => (hi - lo) / x <= 6) ?? 10;
  // Pixel heights; horizontal positions in percent of the plot's width (labels stay 12 px).
  const H = 240;
  const T = 24;
  const B = 36;
  const inset = 0.1; // keeps the first and last labels inside the plot
  const xf = (i: number): number => inset + (i * (1 - 2 * inset)) / (sorted.length - 1);
  const y = (v: number): number =>
    T + (1 - (Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * (H - T - B);
  const grid: Child[] = [];
  const axis: Child[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + 1e-9; k++) {
    const g = k * step;
    const gy = y(g).toFixed(1);
    const isRef = Math.abs(g - 1) < 1e-9;
    grid.push(s('line', { x1: 0, x2: '100%', y1: gy, y2: gy, class: isRef ? 'ref-line' : 'grid' }));
    axis.push(
      s(
        'text',
        { x: 50, y: (y(g) + 4).toFixed(1), class: 'axis-label', 'text-anchor': 'end' },
        `${localizeDecimal(String(Math.round(g * 1000) / 10), l)} %`
      )
    );
  }
  // The line is drawn in a 100-wide box stretched to the plot; its stroke does not stretch.
  const path = sorted
    .map(
      (_, i) => `${i === 0 ? 'M' : 'L'}${(xf(i) * 100).toFixed(2)},${y(values[i] ?? 0).toFixed(1)}`
    )
    .join(' ');
  const marks = sorted.map((p, i) => {
    const label = t('chart.history.point', { period: p.period, ratio: pct(p.ratio) });
    const cx = pc(xf(i));
    const cy = y(values[i] ?? 0);
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
      // An invisible 44 px target around the 12 px dot, for fingers.
      s('circle', { cx, cy: cy.toFixed(1), r: 22, class: 'hit' }),
      s('circle', { cx, cy: cy.toFixed(1), r: 6, class: 'dot' }),
      s(
        'text',
        { x: cx, y: (cy - 11).toFixed(1), class: 'point-label', 'text-anchor': 'middle' },
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
    h(
      'div',
      { class: 'history-plot' },
      s('svg', { width: 56, height: H, class: 'history-axis', 'aria-hidden': 'true' }, axis),
      figureSvg(H, t('chart.history'), desc, 'chart chart-history', [
        ...grid,
        s(
          'svg',
          { width: '100%', height: H, viewBox: `0 0 100 ${H}`, preserveAspectRatio: 'none' },
          s('path', { d: path, class: 'history-line' })
        ),
        ...marks,
      ])
    ),
    h('p', { class: 'sr-only' }, desc)
  );
}
