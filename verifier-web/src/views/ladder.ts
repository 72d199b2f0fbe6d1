/**
 * The ladder: the customer's path from their leaf (bottom) to the root (top). Each rung shows
 * which side the customer's node is on, the sibling hash (shortened, with a button copying the
 * full value), the sibling's per-asset sums and the parent's sums; the first failing level is
 * highlighted and levels above it are shown as not reached. For a protocol-v2 proof the
 * sibling's amounts are hidden: each rung says so and why (sealed by a commitment, proved to lie
 * in [0, 2^64) by the range proof), and the top shows the opened totals.
 * @module
 */
import { type Child, h, on, s } from '../dom.ts';
import { formatAmount, shortHash } from '../format.ts';
import { lang, t } from '../i18n.ts';
import type { AssetView, Check, ProofView, RungView } from '../model.ts';

/** Where the path failed, from the leaf and path checks. */
export interface LadderFailure {
  readonly level: number;
  readonly code: string;
}

/** The first level the proof checks blame, if any (a failure without a level blames the root). */
export function ladderFailure(checks: readonly Check[], height: number): LadderFailure | null {
  for (const id of ['leaf', 'path'] as const) {
    const c = checks.find((x) => x.id === id);
    if (c?.state === 'fail' && c.code)
      return { level: c.level ?? (id === 'leaf' ? 0 : height), code: c.code };
  }
  return null;
}

function sums(assets: readonly AssetView[], values: readonly bigint[] | undefined): Child {
  if (!values) return null;
  return h(
    'ul',
    { class: 'sums' },
    values.map((v, i) => {
      const a = assets[i];
      return h(
        'li',
        null,
        h('span', { class: 'sym', translate: 'no' }, a?.symbol ?? `#${i}`),
        ' ',
        h('span', { class: 'num' }, a ? formatAmount(v, a.decimals, lang()) : v.toString())
      );
    })
  );
}

/** Small picture of one rung: the two children and their parent; the customer's node filled. */
function rungPicture(side: 'left' | 'right' | 'leaf' | 'root', state: string): SVGSVGElement {
  const you = state === 'fail' ? 'node-you node-fail' : 'node-you';
  const parts: Child[] = [];
  if (side === 'left' || side === 'right') {
    // The customer's node stays on the spine (x = 50); the sibling sits on its side.
    const sx = side === 'left' ? 86 : 14;
    parts.push(
      s('line', { x1: 50, y1: 0, x2: 50, y2: 64, class: 'rail rail-you' }),
      s('line', { x1: sx, y1: 44, x2: 50, y2: 14, class: 'rail' }),
      s('circle', { cx: 50, cy: 14, r: 6, class: 'node-parent' }),
      s('circle', { cx: sx, cy: 44, r: 8, class: 'node-sibling' }),
      s('circle', { cx: 50, cy: 44, r: 8, class: you })
    );
  } else if (side === 'leaf') {
    parts.push(
      s('line', { x1: 50, y1: 0, x2: 50, y2: 24, class: 'rail rail-you' }),
      s('rect', { x: 38, y: 24, width: 24, height: 24, rx: 4, class: you })
    );
  } else {
    parts.push(
      s('polygon', { points: '50,8 66,36 34,36', class: you }),
      s('line', { x1: 50, y1: 36, x2: 50, y2: 64, class: 'rail rail-you' })
    );
  }
  return s('svg', { viewBox: '0 0 100 64', class: 'rung-pic', 'aria-hidden': 'true' }, parts);
}

function copyButton(hash: string, level: number): HTMLButtonElement {
  const btn = h(
    'button',
    { type: 'button', class: 'copy', 'aria-label': t('ladder.copyLabel', { level }) },
    t('ladder.copy')
  );
  return on(btn, {
    click: () => {
      const done = (): void => {
        btn.textContent = t('ladder.copied');
      };
      navigator.clipboard?.writeText(hash).then(done, () => {
        // Clipboard refused (no permission): select the full hash for manual copying instead.
        const code = btn.parentElement?.querySelector('code');
        if (code) {
          code.textContent = hash;
          getSelection()?.selectAllChildren(code);
        }
      });
    },
  });
}

/** The “failed here” line of a failed rung (its code), else nothing. */
function failedHere(
  state: 'pass' | 'fail' | 'skip',
  failure: LadderFailure | null
): HTMLElement | null {
  return state === 'fail' && failure
    ? h(
        'p',
        { class: 'rung-fail' },
        t('ladder.failedHere', { why: '' }).trim(),
        ' ',
        h('code', null, failure.code)
      )
    : null;
}

function rungState(level: number, failure: LadderFailure | null): 'pass' | 'fail' | 'skip' {
  if (!failure) return 'pass';
  if (level === failure.level) return 'fail';
  return level < failure.level ? 'pass' : 'skip';
}

/** A v2 rung's hidden amounts: one row per asset, and what the range proof showed. */
function hiddenSums(proof: ProofView, r: RungView, state: 'pass' | 'fail' | 'skip'): HTMLElement {
  const range = proof.hidden?.rangeProof ?? 'skip';
  // Above a failing step nothing was reached; otherwise the range proof's outcome.
  const shown = state === 'skip' ? 'skip' : range;
  return h(
    'div',
    { class: 'rung-sums rung-hidden', 'data-hidden': shown },
    `${t('ladder.hidden')}: `,
    h(
      'ul',
      { class: 'sums' },
      proof.assets.map((a, i) =>
        h(
          'li',
          null,
          h('span', { class: 'sym', translate: 'no' }, a.symbol),
          ' ',
          h(
            'code',
            { class: 'seal', title: r.commitments?.[i] ?? '', translate: 'no' },
            shortHash(r.commitments?.[i] ?? '')
          )
        )
      )
    ),
    h(
      'p',
      { class: shown === 'fail' ? 'rung-fail' : 'muted' },
      t(
        shown === 'pass'
          ? 'ladder.hidden.pass'
          : shown === 'fail'
            ? 'ladder.hidden.fail'
            : 'ladder.hidden.skip'
      )
    )
  );
}

function rungItem(
  proof: ProofView,
  r: RungView,
  failure: LadderFailure | null,
  verified: boolean
): HTMLElement {
  const state = rungState(r.level, failure);
  return h(
    'li',
    {
      class: `rung rung-${state}`,
      'data-level': r.level,
      'data-state': state,
      'aria-current': state === 'fail' ? 'step' : null,
    },
    rungPicture(r.side, state),
    h(
      'div',
      { class: 'rung-body' },
      h(
        'p',
        { class: 'rung-title' },
        h('strong', null, t('ladder.level', { level: r.level })),
        ' · ',
        t(r.side === 'left' ? 'ladder.side.left' : 'ladder.side.right'),
        verified && state === 'pass'
          ? h('span', { class: 'tick', 'aria-hidden': 'true' }, ' ✓')
          : null
      ),
      failedHere(state, failure),
      h(
        'p',
        { class: 'rung-hash' },
        `${t('ladder.sibling')}: `,
        h('code', { title: r.siblingHash, 'data-hash': r.siblingHash }, shortHash(r.siblingHash)),
        ' ',
        copyButton(r.siblingHash, r.level)
      ),
      r.siblingSums
        ? h(
            'div',
            { class: 'rung-sums' },
            `${t('ladder.siblingSums')}: `,
            sums(proof.assets, r.siblingSums)
          )
        : hiddenSums(proof, r, state)
    )
  );
}

/** The whole ladder. `verified` adds a tick to every level that was checked and passed. */
export function ladder(
  proof: ProofView | undefined,
  checks: readonly Check[],
  verified: boolean
): HTMLElement {
  if (!proof) return h('p', { class: 'muted' }, t('ladder.notAvailable'));
  const failure = ladderFailure(checks, proof.height);
  const leafState = failure?.level === 0 && checks.find((c) => c.id === 'leaf')?.state === 'fail';
  const rootState = rungState(proof.height, failure);
  return h(
    'ol',
    { class: 'ladder', 'aria-label': t('ladder') },
    h(
      'li',
      { class: `rung rung-leaf rung-${leafState ? 'fail' : 'pass'}`, 'data-level': 'leaf' },
      rungPicture('leaf', leafState ? 'fail' : 'pass'),
      h(
        'div',
        { class: 'rung-body' },
        h(
          'p',
          { class: 'rung-title' },
          h('strong', null, t('ladder.leaf')),
          ' · ',
          h('span', { translate: 'no' }, proof.uid)
        ),
        proof.leafHash
          ? h(
              'p',
              { class: 'rung-hash' },
              `${t('summary.leaf')}: `,
              h('code', { title: proof.leafHash }, shortHash(proof.leafHash))
            )
          : null,
        h(
          'div',
          { class: 'rung-sums' },
          `${t('summary.balances')}: `,
          sums(proof.assets, proof.balances)
        ),
        proof.counted?.some((c, i) => c !== proof.balances[i])
          ? h(
              'div',
              { class: 'rung-sums', 'data-counted': 'rounded-up' },
              `${t('ladder.counted')}: `,
              sums(proof.assets, proof.counted)
            )
          : null
      )
    ),
    proof.rungs.map((r) => rungItem(proof, r, failure, verified)),
    h(
      'li',
      {
        class: `rung rung-root rung-${rootState}`,
        'data-level': proof.height,
        'data-state': rootState,
      },
      rungPicture('root', rootState),
      h(
        'div',
        { class: 'rung-body' },
        h(
          'p',
          { class: 'rung-title' },
          h('strong', null, t('ladder.root', { level: proof.height }))
        ),
        failedHere(rootState, failure),
        h(
          'p',
          { class: 'rung-hash' },
          `${t('summary.root')}: `,
          h('code', { title: proof.rootCommitment }, shortHash(proof.rootCommitment))
        ),
        proof.rootHash
          ? h(
              'p',
              { class: 'rung-hash' },
              `${t('ladder.rootHash')}: `,
              h('code', { title: proof.rootHash }, shortHash(proof.rootHash))
            )
          : null,
        proof.totals
          ? h(
              'div',
              { class: 'rung-sums' },
              `${t(proof.protocol === 2 ? 'ladder.totals.opened' : 'ladder.totals')}: `,
              sums(proof.assets, proof.totals)
            )
          : null,
        proof.hidden
          ? h(
              'p',
              { class: 'muted', 'data-hidden-count': proof.hidden.values },
              t('ladder.hiddenCount', { n: proof.hidden.values })
            )
          : null
      )
    )
  );
}
